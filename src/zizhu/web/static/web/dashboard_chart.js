// The dashboard's chart: each county's list headcounts by program, stacked (ECharts). The
// figures come from the page's <script type="application/json" id="chart-data">.
(function () {
  function draw() {
    var holder = document.getElementById("chart");
    var source = document.getElementById("chart-data");
    if (!window.echarts || !holder || !source || holder.getAttribute("data-drawn")) return;
    holder.setAttribute("data-drawn", "1");
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(holder);
    chart.setOption({
      animation: false, tooltip: {trigger: "axis"}, legend: {type: "scroll"},
      xAxis: {type: "category", data: data.counties}, yAxis: {type: "value", name: "人数"},
      series: data.series.map(function (s) {
        return {name: s.name, type: "bar", stack: "n", data: s.data};
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:load", draw);
})();

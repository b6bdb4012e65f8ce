// The dashboard's chart: each county's list headcounts by program, stacked (ECharts). The
// figures come from the page's <script type="application/json" id="chart-data">.
(function () {
  function grouped(value) {  // 1,592,100: the counts as the tables show them
    return value == null ? "—" : Number(value).toLocaleString("zh-CN");
  }

  function draw() {
    var holder = document.getElementById("chart");
    var source = document.getElementById("chart-data");
    if (!window.echarts || !holder || !source || holder.getAttribute("data-drawn")) return;
    holder.setAttribute("data-drawn", "1");
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(holder);
    chart.setOption({
      animation: false, legend: {type: "scroll"},
      tooltip: {trigger: "axis", valueFormatter: grouped},
      grid: {left: 8, right: 16, top: 36, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: data.counties},
      yAxis: {type: "value", minInterval: 1, axisLabel: {formatter: grouped}},
      series: data.series.map(function (s) {
        return {name: s.name, type: "bar", stack: "n", data: s.data};
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:load", draw);
})();

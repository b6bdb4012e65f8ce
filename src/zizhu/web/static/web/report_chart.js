// The year report's charts (ECharts): each program's person-times by term, each county's
// person-times by program (stacked), each county's 发放率. The figures come from the page's
// <script type="application/json" id="report-chart-data">; the Content-Security-Policy runs
// no inline script, so the code lives here.
(function () {
  var drawn = [];

  function grouped(value) {
    return value == null ? "—" : Number(value).toLocaleString("zh-CN");
  }

  function bars(holder, categories, series, options) {
    var chart = echarts.init(holder);
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", valueFormatter: options.format || grouped},
      legend: {type: "scroll", top: 0},
      grid: {left: 8, right: 16, top: 36, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: categories,
              axisLabel: {interval: 0, rotate: categories.length > 6 ? 30 : 0,
                          width: 120, overflow: "truncate"}},
      yAxis: {type: "value", name: options.unit, max: options.max,
              axisLabel: {formatter: function (v) { return grouped(v); }}},
      series: series.map(function (s) {
        return {name: s.name, type: "bar", stack: options.stack, data: s.data,
                barMaxWidth: 36};
      })
    });
    holder.setAttribute("data-drawn", "1");
    drawn.push(chart);
  }

  function draw() {
    var source = document.getElementById("report-chart-data");
    var programs = document.getElementById("chart-programs");
    if (!window.echarts || !source || !programs || programs.getAttribute("data-drawn")) return;
    var data = JSON.parse(source.textContent);
    bars(programs, data.programs, data.by_term, {unit: "人次"});
    bars(document.getElementById("chart-counties"), data.counties, data.by_program,
         {unit: "人次", stack: "n"});
    bars(document.getElementById("chart-rates"), data.rates.counties,
         [{name: "发放率（%）", data: data.rates.data}],
         {unit: "%", max: 100, format: function (v) {
           return v == null ? "—" : Number(v).toFixed(2) + "%";
         }});
    window.addEventListener("resize", function () {
      drawn.forEach(function (chart) { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:load", draw);
})();

// The year report's charts (ECharts): each program's person-times by term, each county's
// person-times by program (stacked), each county's 发放率. The figures come from the page's
// <script type="application/json" id="report-chart-data">; the Content-Security-Policy runs
// no inline script, so the code lives here.
(function () {
  var drawn = [];

  function grouped(value) {
    return value == null ? "—" : Number(value).toLocaleString("zh-CN");
  }

  // Bars of `series` over `categories`. Programs' long names read better down the side
  // (options.across); counties fit along the bottom.
  function bars(holder, categories, series, options) {
    var chart = echarts.init(holder);
    var names = {type: "category", data: categories, axisTick: {alignWithLabel: true},
                 axisLabel: {interval: 0, width: options.across ? 150 : 80,
                             overflow: "truncate",
                             rotate: !options.across && categories.length > 6 ? 30 : 0}};
    var values = {type: "value", max: options.max, minInterval: options.max ? 0 : 1,
                  axisLabel: {formatter: function (v) { return grouped(v); }}};
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"},
                valueFormatter: options.format || grouped},
      legend: {type: "scroll", top: 0},
      grid: {left: 8, right: 24, top: 36, bottom: 8, containLabel: true},
      xAxis: options.across ? values : names,
      yAxis: options.across ? names : values,
      series: series.map(function (s) {
        return {name: s.name, type: "bar", stack: options.stack, data: s.data, barMaxWidth: 28};
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
    // Listed top to bottom in the catalogue's order: a category axis runs bottom-up.
    bars(programs, data.programs.slice().reverse(), data.by_term.map(function (s) {
      return {name: s.name, data: s.data.slice().reverse()};
    }), {across: true});
    bars(document.getElementById("chart-counties"), data.counties, data.by_program,
         {stack: "n"});
    bars(document.getElementById("chart-rates"), data.rates.counties,
         [{name: "发放率（%）", data: data.rates.data}],
         {max: 100, format: function (v) {
           return v == null ? "—" : Number(v).toFixed(2) + "%";
         }});
    window.addEventListener("resize", function () {
      drawn.forEach(function (chart) { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:load", draw);
})();

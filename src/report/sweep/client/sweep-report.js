// walkforward sweep report: draws the WFO / best-in-hindsight / buy-and-hold equity chart from the
// embedded JSON and switches the heatmap between parameter pairs. Plain browser JavaScript,
// inlined after the Lightweight Charts standalone build; everything else on the page is static.
(function () {
  'use strict';
  var LWC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('sweep-data').textContent);
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function themeOptions() {
    var dark = Boolean(darkQuery && darkQuery.matches);
    var p = dark
      ? { background: '#15171c', text: '#d6d9df', grid: '#262a33', border: '#3a3f4b' }
      : { background: '#ffffff', text: '#1f2328', grid: '#eef0f3', border: '#d0d4da' };
    return {
      layout: { background: { type: 'solid', color: p.background }, textColor: p.text, attributionLogo: true },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      rightPriceScale: { borderColor: p.border, minimumWidth: 84 },
      timeScale: { borderColor: p.border },
    };
  }

  function formatMoney(value) {
    var abs = Math.abs(value);
    if (abs >= 1e6) return (value / 1e6).toFixed(abs >= 1e7 ? 1 : 2) + 'M';
    if (abs >= 1e4) return (value / 1e3).toFixed(1) + 'k';
    return value.toFixed(0);
  }

  function drawEquity(container) {
    if (!data || !LWC) return;
    var options = Object.assign({ autoSize: true }, themeOptions(), { localization: { locale: 'en-US', priceFormatter: formatMoney } });
    var chart = LWC.createChart(container, options);
    var first = null;
    data.lines.forEach(function (line) {
      var series = chart.addSeries(LWC.LineSeries, {
        color: line.color,
        lineWidth: line.dashed ? 1 : 2,
        lineStyle: line.dashed ? LWC.LineStyle.Dashed : LWC.LineStyle.Solid,
        priceLineVisible: false,
        lastValueVisible: false,
      });
      var points = [];
      line.date.forEach(function (date, i) {
        if (line.equity[i] !== null) points.push({ time: date, value: line.equity[i] });
      });
      series.setData(points);
      if (!first) first = series;
    });
    // Refit points: where walk-forward optimization chose (the trial number it chose).
    if (first && data.refits.length) {
      LWC.createSeriesMarkers(
        first,
        data.refits.map(function (refit) {
          return { time: refit.date, position: 'belowBar', shape: 'arrowUp', color: '#8a8f98', text: refit.label, size: 1 };
        }),
      );
    }
    chart.timeScale().fitContent();
    if (darkQuery && darkQuery.addEventListener) {
      darkQuery.addEventListener('change', function () {
        chart.applyOptions(themeOptions());
      });
    }
  }

  var container = document.querySelector('[data-chart="sweep-equity"]');
  if (container) drawEquity(container);

  var select = document.getElementById('heatmap-pair');
  if (select) {
    select.addEventListener('change', function () {
      document.querySelectorAll('table.sweep-heatmap').forEach(function (table) {
        table.hidden = table.getAttribute('data-pair') !== select.value;
      });
    });
  }
})();

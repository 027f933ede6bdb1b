// walkforward report: draws the charts from the embedded JSON, sorts and filters the trades table.
// Plain browser JavaScript, inlined into report.html after the Lightweight Charts standalone build.
(function () {
  'use strict';
  var LWC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  var charts = [];
  var redrawers = [];
  var printing = false;

  function isDark() {
    // Paper is white: print the light theme even when the screen is dark.
    return !printing && Boolean(darkQuery && darkQuery.matches);
  }

  function applyTheme() {
    charts.forEach(function (chart) {
      chart.applyOptions(themeOptions());
    });
    redrawers.forEach(function (draw) {
      draw();
    });
  }

  /** Size a canvas to its container at the screen's pixel ratio and paint the background; null while hidden. */
  function clearCanvas(container, canvas) {
    var width = container.clientWidth;
    var height = container.clientHeight;
    if (!width || !height) return null;
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    var ctx = canvas.getContext('2d');
    var p = palette();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, width, height);
    return { width: width, height: height, ctx: ctx, p: p };
  }

  function palette() {
    return isDark()
      ? { background: '#15171c', text: '#d6d9df', grid: '#262a33', border: '#3a3f4b', realized: '#9aa0aa' }
      : { background: '#ffffff', text: '#1f2328', grid: '#eef0f3', border: '#d0d4da', realized: '#7c828c' };
  }

  function themeOptions() {
    var p = palette();
    return {
      layout: {
        background: { type: 'solid', color: p.background },
        textColor: p.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        attributionLogo: true,
      },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      rightPriceScale: { borderColor: p.border, minimumWidth: 84 },
      timeScale: { borderColor: p.border },
    };
  }

  function makeChart(container, extra) {
    var options = Object.assign({ autoSize: true }, themeOptions(), extra || {});
    // Intraday bars come as UTC seconds: show the time of day on the axis (in UTC).
    options.timeScale = Object.assign({}, themeOptions().timeScale, options.timeScale, { timeVisible: Boolean(data.intraday), secondsVisible: false });
    // A fixed locale: the page formats numbers en-US, and a browser with an odd language tag
    // (a headless shell under LANG=C reports en-US@posix) must not break the charts' Intl calls.
    options.localization = Object.assign({ locale: 'en-US' }, (extra && extra.localization) || {});
    var chart = LWC.createChart(container, options);
    charts.push(chart);
    return chart;
  }

  function lineOptions(strategy, width) {
    return {
      color: strategy.color,
      lineWidth: strategy.benchmark ? 1 : width,
      lineStyle: strategy.benchmark ? LWC.LineStyle.Dashed : LWC.LineStyle.Solid,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerRadius: 3,
    };
  }

  function formatPrice(value) {
    return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toFixed(2);
  }

  function formatMoney(value) {
    var abs = Math.abs(value);
    if (abs >= 1e6) return (value / 1e6).toFixed(abs >= 1e7 ? 1 : 2) + 'M';
    if (abs >= 1e4) return (value / 1e3).toFixed(1) + 'k';
    return value.toFixed(0);
  }

  function formatPercent(value) {
    return value.toFixed(1) + '%';
  }

  // A chart time as text: the date, or for intraday bars (UTC seconds) `YYYY-MM-DD HH:MM UTC`.
  function formatTime(time) {
    if (typeof time !== 'number') return String(time);
    return new Date(time * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function strategyDates(strategy) {
    return strategy.equityDates || data.dates;
  }

  // ---- warm-up shading: bars before the evaluation window (indicators warm up, the first fold trains) ----
  function shadeWarmup(chart) {
    if (!(data.warmupPoints > 0)) return;
    var shade = chart.addSeries(LWC.HistogramSeries, {
      priceScaleId: 'warmup',
      color: isDark() ? 'rgba(160, 166, 176, 0.16)' : 'rgba(120, 126, 136, 0.13)',
      priceLineVisible: false,
      lastValueVisible: false,
      base: 0,
    });
    chart.priceScale('warmup').applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
    shade.setData(
      data.dates.map(function (date, i) {
        return i < data.warmupPoints ? { time: date, value: 1 } : { time: date };
      }),
    );
    redrawers.push(function () {
      shade.applyOptions({ color: isDark() ? 'rgba(160, 166, 176, 0.16)' : 'rgba(120, 126, 136, 0.13)' });
    });
  }

  // ---- price chart with buy/sell markers ----
  // Protective exits get their own shape and label; entries and signal exits are arrows.
  var EXIT_MARKERS = {
    stop: { shape: 'square', text: 'SL' },
    'take-profit': { shape: 'circle', text: 'TP' },
    trailing: { shape: 'square', text: 'TS' },
    time: { shape: 'circle', text: 'T' },
  };
  function drawPriceChart(container) {
    var chart = makeChart(container, { timeScale: { rightOffset: 3 }, localization: { priceFormatter: formatPrice } });
    var candles = chart.addSeries(LWC.CandlestickSeries, {
      upColor: '#16a34a',
      downColor: '#dc2626',
      borderVisible: false,
      wickUpColor: '#16a34a',
      wickDownColor: '#dc2626',
      priceLineVisible: false,
    });
    candles.setData(
      data.dates.map(function (date, i) {
        var bar = data.ohlc[i];
        return { time: date, open: bar[0], high: bar[1], low: bar[2], close: bar[3] };
      }),
    );
    shadeWarmup(chart);
    var markers = LWC.createSeriesMarkers(candles, []);
    function update() {
      var list = [];
      document.querySelectorAll('input[data-markers]').forEach(function (box) {
        if (!box.checked) return;
        var strategy = data.strategies[Number(box.getAttribute('data-markers'))];
        // Triples [point, side, kind]: kind 0 an entry, else an exit for markerExitReasons[kind - 1].
        for (var k = 0; k < strategy.markers.length; k += 3) {
          var buy = strategy.markers[k + 1] > 0;
          var reason = strategy.markers[k + 2] > 0 ? data.markerExitReasons[strategy.markers[k + 2] - 1] : 'entry';
          var style = EXIT_MARKERS[reason];
          list.push({
            time: data.dates[strategy.markers[k]],
            position: buy ? 'belowBar' : 'aboveBar',
            shape: style ? style.shape : buy ? 'arrowUp' : 'arrowDown',
            text: style ? style.text : undefined,
            color: strategy.color,
            size: 1,
          });
        }
      });
      list.sort(function (a, b) {
        return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
      });
      markers.setMarkers(list);
    }
    document.querySelectorAll('input[data-markers]').forEach(function (box) {
      box.addEventListener('change', update);
    });
    update();
    // Open on the last ~year so candles and markers are legible; zoom out for the whole run.
    var points = data.dates.length;
    if (points > 400) chart.timeScale().setVisibleLogicalRange({ from: points - 260, to: points + 3 });
    else chart.timeScale().fitContent();
  }

  // ---- equity curves and drawdowns (time scales kept in step) ----
  function drawEquityCharts(equityContainer, drawdownContainer) {
    var equityChart = makeChart(equityContainer, { localization: { priceFormatter: formatMoney } });
    var drawdownChart = drawdownContainer ? makeChart(drawdownContainer, { localization: { priceFormatter: formatPercent } }) : null;
    var legendSeries = [];
    shadeWarmup(equityChart);
    if (drawdownChart) shadeWarmup(drawdownChart);
    data.strategies.forEach(function (strategy, index) {
      var dates = strategyDates(strategy);
      var equity = [];
      var drawdown = [];
      strategy.equity.forEach(function (value, i) {
        if (value === null) return;
        equity.push({ time: dates[i], value: value });
        // Drawdown comes computed (src/metrics/drawdown.ts), one definition for table and chart.
        drawdown.push({ time: dates[i], value: Math.round(strategy.drawdownPct[i] * 100) / 100 });
      });
      var series = equityChart.addSeries(LWC.LineSeries, lineOptions(strategy, 2));
      series.setData(equity);
      legendSeries.push({ series: series, index: index, last: equity.length ? equity[equity.length - 1].value : null });
      if (drawdownChart) drawdownChart.addSeries(LWC.LineSeries, lineOptions(strategy, 1)).setData(drawdown);
    });
    // The legend shows each equity at the hovered date, the final equity otherwise.
    var legendDate = document.querySelector('#equity-legend .legend-date');
    var showLegend = function (param) {
      var hovered = param && param.time !== undefined && param.seriesData;
      if (legendDate) legendDate.textContent = hovered ? formatTime(param.time) : 'final';
      legendSeries.forEach(function (entry) {
        var cell = document.querySelector('#equity-legend [data-legend="' + entry.index + '"]');
        if (!cell) return;
        var point = hovered ? param.seriesData.get(entry.series) : null;
        var value = point && point.value !== undefined ? point.value : hovered ? null : entry.last;
        cell.textContent = value === null ? '' : formatMoney(value);
      });
    };
    equityChart.subscribeCrosshairMove(showLegend);
    showLegend(null);
    equityChart.timeScale().fitContent();
    // autoSize settles the width a frame later; fit again then so the whole run shows.
    requestAnimationFrame(function () {
      equityChart.timeScale().fitContent();
    });
    if (drawdownChart) {
      drawdownChart.timeScale().fitContent();
      var syncing = false;
      var follow = function (source, target) {
        source.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
          if (syncing || !range) return;
          syncing = true;
          target.timeScale().setVisibleLogicalRange(range);
          syncing = false;
        });
      };
      follow(equityChart, drawdownChart);
      follow(drawdownChart, equityChart);
    }
    var logBox = document.getElementById('log-scale');
    if (logBox) {
      logBox.addEventListener('change', function () {
        equityChart.priceScale('right').applyOptions({
          mode: logBox.checked ? LWC.PriceScaleMode.Logarithmic : LWC.PriceScaleMode.Normal,
        });
      });
    }
  }

  // ---- forecasts: predicted vs realized by date ----
  function drawForecastChart(container) {
    var strategy = data.strategies[Number(container.getAttribute('data-strategy'))];
    var forecast = strategy.forecast;
    if (!forecast) return emptyNote(container, 'No out-of-sample forecasts.');
    var chart = makeChart(container, { localization: { priceFormatter: formatPercent2 } });
    var realized = [];
    var predicted = [];
    forecast.predicted.forEach(function (value, k) {
      var time = data.dates[forecast.start + k];
      var actual = forecast.realized[k];
      realized.push(actual === null || actual === undefined ? { time: time } : { time: time, value: actual });
      predicted.push(value === null ? { time: time } : { time: time, value: value });
    });
    var realizedSeries = chart.addSeries(LWC.LineSeries, {
      color: palette().realized,
      lineWidth: 1,
      priceLineVisible: false,
      lastValueVisible: false,
      title: 'realized',
    });
    realizedSeries.setData(realized);
    redrawers.push(function () {
      realizedSeries.applyOptions({ color: palette().realized });
    });
    chart
      .addSeries(LWC.LineSeries, { color: strategy.color, lineWidth: 2, priceLineVisible: false, lastValueVisible: false, title: 'predicted' })
      .setData(predicted);
    if (forecast.spread) {
      // Ensembles: how far apart the members' forecasts were (their standard deviation).
      var spread = forecast.spread.map(function (value, k) {
        var time = data.dates[forecast.start + k];
        return value === null ? { time: time } : { time: time, value: value };
      });
      chart
        .addSeries(LWC.LineSeries, { color: strategy.color, lineWidth: 1, lineStyle: LWC.LineStyle.Dotted, priceLineVisible: false, lastValueVisible: false, title: "members' spread" })
        .setData(spread);
    }
    chart.timeScale().fitContent();
  }

  // ---- attention: each fold's mean weight per bar of the lookback window, as a heat map ----
  function drawAttention(container) {
    var strategy = data.strategies[Number(container.getAttribute('data-strategy'))];
    var attention = strategy.attention;
    if (!attention) return emptyNote(container, 'No attention weights.');
    var canvas = document.createElement('canvas');
    container.appendChild(canvas);
    var uniform = 1 / attention.lookback;
    var highest = uniform;
    attention.folds.forEach(function (fold) {
      fold.weights.forEach(function (w) {
        highest = Math.max(highest, w);
      });
    });
    function draw() {
      var surface = clearCanvas(container, canvas);
      if (!surface) return;
      var width = surface.width;
      var height = surface.height;
      var ctx = surface.ctx;
      var p = surface.p;
      var left = 190;
      var top = 8;
      var bottom = height - 24;
      var rows = attention.folds.length;
      var cellWidth = (width - left - 10) / attention.lookback;
      var cellHeight = (bottom - top) / rows;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      attention.folds.forEach(function (fold, row) {
        ctx.fillStyle = p.text;
        ctx.textAlign = 'right';
        ctx.fillText('fold ' + fold.label, left - 6, top + (row + 0.5) * cellHeight);
        fold.weights.forEach(function (w, column) {
          // Opacity 0 at or below the uniform weight, 1 at the largest weight of any fold.
          var strength = Math.max(0, (w - uniform) / (highest - uniform || 1));
          ctx.globalAlpha = 0.08 + 0.92 * strength;
          ctx.fillStyle = strategy.color;
          ctx.fillRect(left + column * cellWidth, top + row * cellHeight, Math.max(1, cellWidth - 1), Math.max(1, cellHeight - 1));
        });
        ctx.globalAlpha = 1;
      });
      ctx.fillStyle = p.text;
      ctx.textAlign = 'left';
      ctx.fillText('t-' + (attention.lookback - 1), left, bottom + 12);
      ctx.textAlign = 'right';
      ctx.fillText('t (forecast bar)', width - 10, bottom + 12);
      // The scale, so a nearly uniform map is not read as a strong preference.
      ctx.textAlign = 'center';
      ctx.fillText('darkest ' + highest.toFixed(3) + ' · uniform ' + uniform.toFixed(3), left + (width - left - 10) / 2, bottom + 12);
    }
    draw();
    redrawers.push(draw);
    if (window.ResizeObserver) new ResizeObserver(draw).observe(container);
  }

  function formatPercent2(value) {
    return (value * 100).toFixed(2) + '%';
  }

  function emptyNote(container, text) {
    var note = document.createElement('p');
    note.className = 'note';
    note.textContent = text;
    container.replaceWith(note);
  }

  // ---- forecasts: scatter of realized against predicted, on a plain canvas ----
  function quantile(sorted, q) {
    var position = (sorted.length - 1) * q;
    var below = Math.floor(position);
    var above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  function drawScatter(container) {
    var strategy = data.strategies[Number(container.getAttribute('data-strategy'))];
    var forecast = strategy.forecast;
    if (!forecast) return emptyNote(container, 'No out-of-sample forecasts.');
    var xs = [];
    var ys = [];
    forecast.predicted.forEach(function (x, k) {
      var y = forecast.realized[k];
      if (x !== null && y !== null && y !== undefined) {
        xs.push(x);
        ys.push(y);
      }
    });
    var canvas = document.createElement('canvas');
    container.appendChild(canvas);
    function range(values) {
      var sorted = values.slice().sort(function (a, b) {
        return a - b;
      });
      // Clip the extreme 0.5% each side so a few crashes don't squash the cloud.
      var lo = Math.min(0, quantile(sorted, 0.005));
      var hi = Math.max(0, quantile(sorted, 0.995));
      var pad = (hi - lo) * 0.05 || 1e-4;
      return [lo - pad, hi + pad];
    }
    var xRange = range(xs);
    var yRange = range(ys);
    function draw() {
      var surface = clearCanvas(container, canvas);
      if (!surface) return;
      var width = surface.width;
      var height = surface.height;
      var ctx = surface.ctx;
      var p = surface.p;
      var left = 56;
      var bottom = height - 28;
      var px = function (x) {
        return left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (width - left - 10);
      };
      var py = function (y) {
        return bottom - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - 10);
      };
      ctx.strokeStyle = p.border;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px(0), 10);
      ctx.lineTo(px(0), bottom);
      ctx.moveTo(left, py(0));
      ctx.lineTo(width - 10, py(0));
      ctx.stroke();
      ctx.fillStyle = strategy.color;
      ctx.globalAlpha = 0.45;
      for (var i = 0; i < xs.length; i++) {
        var x = Math.min(Math.max(xs[i], xRange[0]), xRange[1]);
        var y = Math.min(Math.max(ys[i], yRange[0]), yRange[1]);
        ctx.fillRect(px(x) - 1.5, py(y) - 1.5, 3, 3);
      }
      ctx.globalAlpha = 1;
      ctx.fillStyle = p.text;
      ctx.font = '11px system-ui, sans-serif';
      var pctText = function (v) {
        return (v * 100).toFixed(Math.abs(v) < 0.01 ? 2 : 1) + '%';
      };
      ctx.textAlign = 'left';
      ctx.fillText(pctText(xRange[0]), left, height - 10);
      ctx.textAlign = 'right';
      ctx.fillText(pctText(xRange[1]), width - 10, height - 10);
      ctx.fillText(pctText(yRange[1]), left - 4, 18);
      ctx.fillText(pctText(yRange[0]), left - 4, bottom);
      ctx.textAlign = 'center';
      ctx.fillText('predicted →', (left + width) / 2, height - 10);
      ctx.save();
      ctx.translate(12, (10 + bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText('realized →', 0, 0);
      ctx.restore();
      ctx.textAlign = 'left';
      var sign = 0;
      for (var k = 0; k < xs.length; k++) if (xs[k] !== 0 && ys[k] !== 0 && xs[k] > 0 === ys[k] > 0) sign++;
      ctx.fillText('n = ' + xs.length + ', same sign ' + (xs.length ? ((100 * sign) / xs.length).toFixed(1) : 'n/a') + '%', left + 6, 22);
    }
    draw();
    redrawers.push(draw);
    if (window.ResizeObserver) new ResizeObserver(draw).observe(container);
  }

  // ---- trades table: rows from the compact data, sort by a column, filter by strategy ----
  function formatFixed(value, decimals) {
    if (value === null || value === undefined) return '';
    if (Math.abs(value) < 0.5 * Math.pow(10, -decimals)) value = 0;
    var text = value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return text.charAt(0) === '-' ? '\u2212' + text.slice(1) : text;
  }

  function fillTradesTable(body) {
    var fragment = document.createDocumentFragment();
    data.trades.forEach(function (trade) {
      var strategy = data.strategies[trade[0]];
      var size = trade[6];
      var cells = [
        strategy.name,
        trade[1] > 0 ? 'long' : 'short',
        trade[2],
        formatFixed(trade[3], 2),
        trade[4] === null ? 'open' : trade[4],
        formatFixed(trade[5], 2),
        trade[11] === null ? '' : trade[11],
        formatFixed(size, size !== null && size % 1 === 0 ? 0 : 3),
        formatFixed(trade[7], 2),
        formatFixed(trade[8], 2),
        String(trade[9]),
        formatFixed(trade[10], 2),
      ];
      var row = document.createElement('tr');
      row.setAttribute('data-s', String(trade[0]));
      if (trade[7] > 0) row.className = 'up';
      else if (trade[7] < 0) row.className = 'down';
      cells.forEach(function (text) {
        var cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      });
      fragment.appendChild(row);
    });
    body.appendChild(fragment);
  }

  function setupTradesTable() {
    var table = document.getElementById('trades-table');
    if (!table) return;
    var body = table.tBodies[0];
    fillTradesTable(body);
    var numeric = function (text) {
      var value = parseFloat(text.replace(/,/g, '').replace('\u2212', '-'));
      return isNaN(value) ? -Infinity : value;
    };
    table.querySelectorAll('th[data-col]').forEach(function (th) {
      var sort = function () {
        var col = Number(th.getAttribute('data-col'));
        var isNumber = th.getAttribute('data-type') === 'number';
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th[data-col]').forEach(function (other) {
          other.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent;
          var y = b.cells[col].textContent;
          var order = isNumber ? numeric(x) - numeric(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          sort();
        }
      });
    });
    var filter = document.getElementById('trades-filter');
    if (filter) {
      filter.addEventListener('change', function () {
        Array.prototype.forEach.call(body.rows, function (row) {
          row.hidden = filter.value !== '' && row.getAttribute('data-s') !== filter.value;
        });
      });
    }
  }

  var price = document.querySelector('[data-chart="price"]');
  if (price) drawPriceChart(price);
  var equity = document.querySelector('[data-chart="equity"]');
  if (equity) drawEquityCharts(equity, document.querySelector('[data-chart="drawdown"]'));
  document.querySelectorAll('[data-chart="forecast"]').forEach(drawForecastChart);
  document.querySelectorAll('[data-chart="scatter"]').forEach(drawScatter);
  document.querySelectorAll('[data-chart="attention"]').forEach(drawAttention);
  setupTradesTable();

  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener('change', applyTheme);
  window.addEventListener('beforeprint', function () {
    printing = true;
    applyTheme();
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    applyTheme();
  });
})();

// The statistics page's charts, drawn with uPlot from the JSON embedded in the page.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('board-data').textContent);
  if (!data.hours || typeof uPlot === 'undefined') { return; }
  var texts = data.messages;
  function t(key) { return texts['chart.' + key] || key; }
  function width(el) { return Math.max(320, (el.clientWidth || 800) - 20); }
  var bars = uPlot.paths.bars({ size: [0.7, 60] });
  var drawn = 0;

  function chart(id, opts, rows) {
    var el = document.getElementById(id);
    if (!el) { return; }
    opts.width = width(el);
    opts.height = 260;
    new uPlot(opts, rows, el);
    drawn++;
  }

  var h = data.hours;
  chart('chart-hourly', {
    scales: { x: { time: true } },
    series: [
      { label: t('time') },
      { label: t('offered'), stroke: '#1d3557', fill: 'rgba(29,53,87,0.25)', paths: bars, points: { show: false } },
      { label: t('answered'), stroke: '#2a9d8f', width: 2 },
      { label: t('abandoned'), stroke: '#e76f51', width: 2 }
    ],
    axes: [{}, { label: t('callers') }]
  }, [h.t, h.offered, h.answered, h.abandoned]);

  var w = data.waits;
  var xs = w.labels.map(function (_, i) { return i; });
  chart('chart-waits', {
    scales: { x: { time: false, range: [-0.5, xs.length - 0.5] } },
    series: [
      { label: t('wait'), value: function (u, i) { return i === null ? '' : w.labels[i]; } },
      { label: t('callers'), stroke: '#457b9d', fill: 'rgba(69,123,157,0.45)', paths: bars, points: { show: false } }
    ],
    axes: [
      { splits: function () { return xs; }, values: function (u, splits) { return splits.map(function (i) { return w.labels[i] || ''; }); } },
      { label: t('callers') }
    ]
  }, [xs, w.counts]);

  chart('chart-serviceLevel', {
    scales: { x: { time: true }, y: { range: [0, 100] } },
    series: [
      { label: t('time') },
      { label: t('slHour'), stroke: '#2a9d8f', width: 2, spanGaps: false },
      { label: t('slCumulative'), stroke: '#1d3557', width: 2, dash: [6, 4] }
    ],
    axes: [{}, { label: '%' }]
  }, [h.t, h.serviceLevel, h.serviceLevelCumulative]);

  document.body.dataset.chartsDrawn = String(drawn);
})();

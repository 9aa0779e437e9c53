// Polls /imports/progress for the panel of a running dry run or commit (moved out of the page: the CSP allows no inline script).
(function () {
    var box = document.getElementById('progress');
    var bar = document.getElementById('bar');
    var est = document.getElementById('estimated');
    var timer = setInterval(function () {
        fetch(box.dataset.url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (p) {
            document.getElementById('phase').textContent = p.phase;
            document.getElementById('rows').textContent = p.rows.toLocaleString('en-US');
            if (est && p.estimated !== null && p.estimated !== undefined) { est.textContent = '约 ' + p.estimated.toLocaleString('en-US') + ' 行（估计）'; }
            if (p.total !== null && p.total !== undefined) { bar.max = Math.max(p.total, 1); bar.value = Math.min(p.rows, bar.max); }
            if (p.state !== 'running' || p.mode !== box.dataset.mode) { clearInterval(timer); location.reload(); }
        }).catch(function () { });
    }, 1000);
})();

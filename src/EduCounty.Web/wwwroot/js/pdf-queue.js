// PDF downloads through the server's bounded Chromium pool (issue 20 item 4): a link carrying data-pdf-queue is
// fetched with a ticket while /plan/pdf-queue?ticket=… is polled, and the place in line is shown beside the link
// (data-pdf-status) until the file arrives; then it is saved under the server's file name.
(function () {
    function ticket() {
        return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    }
    function fileName(response) {
        var cd = response.headers.get('Content-Disposition') || '';
        var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
        if (star) return decodeURIComponent(star[1]);
        var plain = /filename="?([^";]+)"?/i.exec(cd);
        return plain ? plain[1] : 'report.pdf';
    }
    function describe(state) {
        if (state.position) return '排队中：第 ' + state.position + ' 位（' + state.running + ' 份正在生成，同时最多 ' + state.pages + ' 份）';
        return '正在生成 PDF…';
    }
    // In the capture phase, so that the queue takes the click before Blazor's enhanced navigation (a listener on the
    // same document registered whenever blazor.web.js starts) can fetch the link and then navigate to it.
    document.addEventListener('click', function (ev) {
        var link = ev.target.closest && ev.target.closest('a[data-pdf-queue]');
        if (!link || !window.fetch) return;
        ev.preventDefault();
        if (link.getAttribute('data-busy') === '1') return;
        link.setAttribute('data-busy', '1');
        var status = link.nextElementSibling && link.nextElementSibling.hasAttribute('data-pdf-status')
            ? link.nextElementSibling : null;
        if (!status) {
            status = document.createElement('span');
            status.setAttribute('data-pdf-status', '');
            status.className = 'pdf-status';
            link.insertAdjacentElement('afterend', status);
        }
        var t = ticket();
        var url = new URL(link.href, location.href);
        url.searchParams.set('ticket', t);
        status.textContent = '正在准备报告…';
        var done = false;
        function poll() {
            if (done) return;
            fetch('/plan/pdf-queue?ticket=' + encodeURIComponent(t), { credentials: 'same-origin' })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (s) { if (s && !done) status.textContent = describe(s); })
                .catch(function () { })
                .then(function () { if (!done) setTimeout(poll, 700); });
        }
        setTimeout(poll, 300);
        fetch(url.toString(), { credentials: 'same-origin' }).then(function (r) {
            if (!r.ok) {
                return r.text().then(function (text) {
                    var message = text;
                    try { message = JSON.parse(text).detail || text; } catch (e) { }
                    throw new Error(message || ('HTTP ' + r.status));
                });
            }
            return r.blob().then(function (blob) {
                var a = document.createElement('a');
                a.href = URL.createObjectURL(blob);
                a.download = fileName(r);
                document.body.appendChild(a);
                a.click();
                setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
                status.textContent = '已下载';
            });
        }).catch(function (e) {
            status.textContent = '生成失败：' + e.message;
        }).then(function () {
            done = true;
            link.removeAttribute('data-busy');
        });
    }, true);
})();

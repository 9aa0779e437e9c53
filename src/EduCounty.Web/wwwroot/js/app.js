// EduCounty's page script (issue 21): the phone menu, the warning before the idle timeout, upload transfer progress
// with the size checked before anything is sent, waiting feedback for generated downloads, and selects that submit
// their filter form. A file, not inline script: the pages' Content-Security-Policy allows scripts from 'self' only.
// Every part degrades to the plain page: without this script forms post and links download as usual.
(function () {
    'use strict';

    function $(id) { return document.getElementById(id); }

    function mb(bytes) { return (bytes / 1048576).toFixed(1); }

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined) e.textContent = text;
        return e;
    }

    // ---- Menu: closed again after a navigation (Blazor's enhanced navigation keeps the checkbox).
    function closeMenu() { var t = $('nav-toggle'); if (t) t.checked = false; }

    // ---- Session: warn two minutes before the idle timeout; 继续使用 renews the sign-in.
    var session = { timers: [], tick: null };

    function clearSession() {
        session.timers.forEach(clearTimeout);
        session.timers = [];
        if (session.tick) { clearInterval(session.tick); session.tick = null; }
    }

    function loginUrl() {
        return '/account/login?ReturnUrl=' + encodeURIComponent(location.pathname + location.search);
    }

    function armSession(seconds) {
        clearSession();
        var box = $('session-timeout');
        if (!box) return;
        if (seconds === undefined) seconds = parseInt(box.getAttribute('data-expires-in') || '0', 10);
        if (!(seconds > 0)) return;
        box.hidden = true;
        var deadline = Date.now() + seconds * 1000;
        var lead = Math.min(120, Math.floor(seconds / 2));
        session.timers.push(setTimeout(function () { warn(box, deadline); }, (seconds - lead) * 1000));
        session.timers.push(setTimeout(function () { expired(box); }, seconds * 1000));
    }

    function warn(box, deadline) {
        var text = box.querySelector('.session-text');
        var keep = $('session-keep');
        keep.hidden = false;
        function show() {
            var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
            text.textContent = '您已较长时间没有操作，登录将在 ' + Math.floor(left / 60) + ' 分 ' + (left % 60) +
                ' 秒后超时；超时后尚未提交的内容（包括选好的文件）会丢失。';
        }
        show();
        box.hidden = false;
        session.tick = setInterval(show, 1000);
    }

    function expired(box) {
        clearSession();
        var text = box.querySelector('.session-text');
        text.textContent = '登录已超时。请重新登录，登录后会回到本页：';
        var a = el('a', '', '重新登录');
        a.href = loginUrl();
        text.appendChild(a);
        $('session-keep').hidden = true;
        box.hidden = false;
    }

    // Resolves to the seconds left after renewing, or null when the sign-in has already ended.
    function keepAlive() {
        return fetch('/account/keep-alive', { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
            .then(function (r) { return r.type === 'opaqueredirect' || !r.ok ? null : r.json(); })
            .then(function (j) { return j ? j.seconds : null; })
            .catch(function () { return null; });
    }

    function onKeep() {
        keepAlive().then(function (s) {
            var box = $('session-timeout');
            if (s === null) { if (box) expired(box); } else { armSession(s); }
        });
    }

    // ---- Uploads: size checked before sending, then sent with a progress bar.
    function uploadLimit(form) {
        var own = parseInt(form.getAttribute('data-max-bytes') || '', 10);
        var box = $('session-timeout');
        var global = box ? parseInt(box.getAttribute('data-upload-max-bytes') || '', 10) : NaN;
        if (own > 0) return own;
        return global > 0 ? global : 0;
    }

    function status(form, cls, text) {
        var s = form.nextElementSibling;
        if (!s || !s.classList.contains('upload-status')) {
            s = el('div', 'upload-status');
            s.setAttribute('role', 'status');
            form.parentNode.insertBefore(s, form.nextSibling);
        }
        s.className = 'upload-status ' + cls;
        s.textContent = text;
        return s;
    }

    function files(form) {
        var list = [];
        form.querySelectorAll('input[type=file]').forEach(function (i) {
            for (var k = 0; k < i.files.length; k++) list.push(i.files[k]);
        });
        return list;
    }

    function onSubmit(ev) {
        var form = ev.target;
        if (!(form instanceof HTMLFormElement) || (form.method || '').toLowerCase() !== 'post' ||
            form.enctype !== 'multipart/form-data') return;
        var chosen = files(form);
        if (chosen.length === 0) return;
        var limit = uploadLimit(form);
        var total = chosen.reduce(function (n, f) { return n + f.size; }, 0);
        if (limit > 0 && total > limit) {
            ev.preventDefault();
            ev.stopPropagation();
            var big = chosen.reduce(function (a, b) { return a.size >= b.size ? a : b; });
            status(form, 'error', '文件“' + big.name + '”大小 ' + mb(total) + ' MB，超过本页上传上限 ' +
                Math.floor(limit / 1048576) + ' MB，未上传。请拆分文件，或请管理员用命令行导入。');
            return;
        }
        if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
        ev.preventDefault();
        ev.stopPropagation();
        if (form.getAttribute('data-uploading')) return;
        send(form, ev.submitter || null, total);
    }

    function send(form, submitter, total) {
        form.setAttribute('data-uploading', '1');
        var s = status(form, 'busy', '正在检查登录状态……');
        keepAlive().then(function (left) {
            if (left === null) {
                form.removeAttribute('data-uploading');
                s.className = 'upload-status error';
                s.textContent = '登录已超时，文件没有上传。请重新登录（登录后回到本页），再选择文件上传：';
                var a = el('a', '', '重新登录');
                a.href = loginUrl();
                s.appendChild(a);
                return;
            }
            armSession(left);
            var bar = el('progress', 'upload-bar');
            bar.max = 100;
            bar.value = 0;
            var label = el('span', 'upload-text', '已上传 0.0 / ' + mb(total) + ' MB（0%）');
            s.className = 'upload-status busy';
            s.textContent = '';
            s.appendChild(bar);
            s.appendChild(label);
            var data = submitter ? new FormData(form, submitter) : new FormData(form);
            var xhr = new XMLHttpRequest();
            xhr.open('POST', form.action);
            xhr.upload.onprogress = function (e) {
                if (!e.lengthComputable) return;
                var pct = Math.floor(e.loaded * 100 / e.total);
                bar.value = pct;
                label.textContent = '已上传 ' + mb(e.loaded) + ' / ' + mb(e.total) + ' MB（' + pct + '%）';
            };
            xhr.upload.onload = function () {
                bar.removeAttribute('value');
                label.textContent = '上传完成，服务器正在处理，请稍候……';
            };
            xhr.onload = function () { arrived(form, xhr); };
            xhr.onerror = function () {
                form.removeAttribute('data-uploading');
                s.className = 'upload-status error';
                s.textContent = '上传中断：网络连接断开，或服务器拒收了文件（本页上限 ' +
                    Math.floor(uploadLimit(form) / 1048576) + ' MB）。请检查网络和文件后重试。';
            };
            xhr.send(data);
        });
    }

    function sameTarget(a, b) { return a.split('#')[0] === b.split('#')[0]; }

    // The answer to an upload: a redirect is followed; a page answered in place replaces the page's content.
    function arrived(form, xhr) {
        var url = xhr.responseURL || form.action;
        if (!sameTarget(url, form.action) && xhr.status < 400) {
            location.assign(url);
            return;
        }
        var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        var fresh = doc.querySelector('main.content');
        var current = document.querySelector('main.content');
        if (fresh && current) {
            current.replaceWith(document.importNode(fresh, true));
            if (doc.title) document.title = doc.title;
            window.scrollTo(0, 0);
            document.dispatchEvent(new CustomEvent('educounty:content'));
        } else {
            document.body.replaceChildren.apply(document.body, Array.prototype.map.call(doc.body.childNodes, function (n) {
                return document.importNode(n, true);
            }));
        }
    }

    // ---- Generated downloads (reports, PDFs): a notice while the server works, then the file.
    function onClick(ev) {
        var a = ev.target && ev.target.closest ? ev.target.closest('a[data-wait]') : null;
        if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || !window.fetch || !window.URL) return;
        ev.preventDefault();
        ev.stopPropagation();
        if (a.getAttribute('data-busy')) return;
        a.setAttribute('data-busy', '1');
        var note = a.nextElementSibling && a.nextElementSibling.classList.contains('wait-status') ? a.nextElementSibling : el('span', 'wait-status');
        note.setAttribute('role', 'status');
        a.parentNode.insertBefore(note, a.nextSibling);
        var started = Date.now();
        function show() {
            note.className = 'wait-status busy';
            note.textContent = a.getAttribute('data-wait') + '（已等待 ' + Math.round((Date.now() - started) / 1000) + ' 秒）';
        }
        show();
        var tick = setInterval(show, 1000);
        fetch(a.href, { credentials: 'same-origin' }).then(function (r) {
            var type = r.headers.get('content-type') || '';
            if (!r.ok || type.indexOf('text/html') === 0) {
                return r.text().then(function (t) { throw new Error(problem(t, r.status)); });
            }
            return r.blob().then(function (b) { save(b, fileName(r, a)); });
        }).then(function () {
            note.className = 'wait-status done';
            note.textContent = '已生成，开始下载（用时 ' + Math.round((Date.now() - started) / 1000) + ' 秒）';
        }, function (e) {
            note.className = 'wait-status error';
            note.textContent = e.message;
        }).then(function () {
            clearInterval(tick);
            a.removeAttribute('data-busy');
        });
    }

    // The Chinese message of an error page (its first .error or the body's text), else the status.
    function problem(html, code) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var m = doc.querySelector('.error, .notice, main.content p');
        var text = m ? m.textContent.trim() : '';
        if (code === 200) return '登录已超时，请刷新页面重新登录后再下载';
        return '生成失败' + (text ? '：' + text : '（HTTP ' + code + '）');
    }

    function fileName(r, a) {
        var cd = r.headers.get('content-disposition') || '';
        var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
        if (star) return decodeURIComponent(star[1]);
        var plain = /filename="?([^";]+)"?/i.exec(cd);
        return plain ? plain[1] : a.pathname.split('/').pop();
    }

    function save(blob, name) {
        var url = URL.createObjectURL(blob);
        var link = el('a');
        link.href = url;
        link.download = name;
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }

    // ---- Filter selects that submit their form when changed (the form's button still works without script).
    function onChange(ev) {
        var t = ev.target;
        if (t && t.matches && t.matches('select[data-autosubmit]') && t.form) t.form.requestSubmit();
    }

    function page() {
        closeMenu();
        armSession();
    }

    // Capture phase on the window: before Blazor's own link and form handling on the document.
    window.addEventListener('submit', onSubmit, true);
    window.addEventListener('click', onClick, true);
    document.addEventListener('change', onChange);
    document.addEventListener('click', function (ev) {
        if (ev.target && ev.target.id === 'session-keep') onKeep();
    });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', page); else page();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', page);
    document.addEventListener('educounty:content', page);
})();

// The 填报 forms' checks (census-entry.js, school-form-entry.js) show their problems the same way: the message under its
// field (td[data-field=key]), the input marked invalid, and a count in the form's summary line.
window.EduCountyForms = {
    showProblems: function (form, summary, problems) {
        form.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
        form.querySelectorAll('input[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
        problems.forEach(function (p) {
            var cell = form.querySelector('td[data-field="' + p.key + '"]');
            if (!cell) return;
            var span = document.createElement('span');
            span.className = 'field-error';
            span.textContent = p.text;
            cell.appendChild(span);
            var el = cell.querySelector('input[type=number]');
            if (el) el.setAttribute('aria-invalid', 'true');
        });
        if (summary) summary.textContent = problems.length ? '有 ' + problems.length + ' 处不符合填报规则，见标红的栏目' : '';
    }
};

// The 督导记录 form on a phone (issue 18): autosaves the fields to the server as a draft (POST /supervision/drafts with
// the form's antiforgery token) a moment after each change, retries when the connection comes back, and submits with
// fetch so that a lost connection keeps the page and everything typed. No inline script (CSP): loaded by App.razor.
(function () {
    function setup() {
        var form = document.querySelector('form[data-autosave]');
        if (!form || form.getAttribute('data-autosave-ready')) return;
        form.setAttribute('data-autosave-ready', '1');
        var status = document.getElementById('draft-status');
        var timer = null, dirty = false, saving = false;
        function say(text) { if (status) status.textContent = text; }
        function fields() { var fd = new FormData(form); fd.delete('photos'); return fd; }
        function keepKeyInUrl() {
            var key = form.querySelector('input[name=draftKey]');
            if (!key || !window.history || !window.history.replaceState) return;
            var url = new URL(window.location.href);
            if (url.searchParams.get('draft') === key.value) return;
            url.searchParams.set('draft', key.value);
            url.searchParams.delete('msg');
            window.history.replaceState(null, '', url.toString());
        }
        function save() {
            if (saving) { dirty = true; return; }
            saving = true; dirty = false;
            fetch(form.getAttribute('data-autosave'), { method: 'POST', body: fields(), credentials: 'same-origin' })
                .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
                .then(function (j) { say('草稿已保存 ' + j.savedAt); form.setAttribute('data-saved-at', j.savedAt); keepKeyInUrl(); })
                .catch(function () { dirty = true; say('网络中断：草稿未能保存，恢复连接后自动重试'); })
                .finally(function () { saving = false; if (dirty && navigator.onLine) schedule(); });
        }
        function schedule() { clearTimeout(timer); timer = setTimeout(save, 1200); }
        form.addEventListener('input', schedule);
        form.addEventListener('change', schedule);
        window.addEventListener('online', function () { if (dirty) save(); });
        form.addEventListener('submit', function (e) {
            e.preventDefault();
            var button = form.querySelector('[type=submit]');
            if (button) button.disabled = true;
            say('正在提交…');
            fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
                .then(function (r) { window.location.assign(r.url); })
                .catch(function () {
                    dirty = true;
                    say('网络中断：未能提交。已填写的内容保留在本页并保存为草稿，恢复连接后请再次提交');
                })
                .finally(function () { if (button) button.disabled = false; });
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup); else setup();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', setup);
})();

// The 办学条件 and 经费 forms of a school (issue 22 §2): the forms' consistency rules checked while the school types — on
// leaving a changed field and on saving — with the message at the field; a form with a broken rule is not sent. The
// rules and their words mirror EduCounty.Periods.SchoolFormEntry.Check, which the server runs again on save and on
// submit; the fields carry what the rules need (data-decimals, data-part-of, data-sum-of, data-rooms). Decimals are
// compared in ten-thousandths (万元 to the 元), so 0.1 + 0.2 adds up as on the server. No inline script (CSP).
(function () {
    var SCALE = 10000;
    function setup() {
        var form = document.querySelector('form[data-form-check]');
        if (!form || form.getAttribute('data-form-ready')) return;
        form.setAttribute('data-form-ready', '1');
        var summary = document.getElementById('check-summary');
        function input(key) { return form.querySelector('input[name="' + key + '"]'); }
        function label(key) { var el = input(key); return el ? el.getAttribute('aria-label') : key; }
        function plain(key) { return label(key).replace(/（[^）]*）$/, ''); }
        function unit(key) { var m = /（([^）]*)）$/.exec(label(key)); return m ? m[1] : ''; }
        function value(key) {
            var el = input(key);
            var t = el ? el.value.trim() : '';
            return t === '' ? 0 : Number(t);
        }
        function units(n) { return Math.round(n * SCALE); }
        function text(n) { return String(Math.round(n * SCALE) / SCALE); }
        function check() {
            var problems = [];
            function add(key, t) { problems.push({ key: key, text: t }); }
            form.querySelectorAll('input[type=number][name]').forEach(function (el) {
                var key = el.name;
                var n = value(key);
                var decimals = Number(el.getAttribute('data-decimals') || '0');
                if (!Number.isFinite(n)) { add(key, label(key) + '应为数字'); return; }
                if (n < 0) add(key, label(key) + '不能为负数');
                else if (Math.abs(n * Math.pow(10, decimals) - Math.round(n * Math.pow(10, decimals))) > 1e-6)
                    add(key, decimals === 0 ? label(key) + '应为整数' : label(key) + '最多 ' + decimals + ' 位小数');
                var whole = el.getAttribute('data-part-of');
                if (whole && units(n) > units(value(whole)))
                    add(key, plain(key) + '（' + text(n) + ' ' + unit(key) + '）是' + plain(whole) + '的一部分，不能大于它（' + text(value(whole)) + ' ' + unit(whole) + '）');
                var parts = el.getAttribute('data-sum-of');
                if (parts) {
                    var sum = 0;
                    parts.split(',').forEach(function (p) { sum += units(value(p)); });
                    if (units(n) !== sum)
                        add(key, plain(key) + '（' + text(n) + ' ㎡）不等于教学及辅助用房、行政办公用房、生活用房、其他用房之和（' + text(sum / SCALE) + ' ㎡）');
                }
                var rooms = el.getAttribute('data-rooms');
                if (rooms && value(rooms) > 0 && n <= 0) add(key, '有' + plain(rooms) + '，' + plain(key) + '不能为 0');
            });
            window.EduCountyForms.showProblems(form, summary, problems);
            return problems;
        }
        form.addEventListener('change', function () { check(); });
        form.addEventListener('submit', function (e) {
            if (check().length) {
                e.preventDefault();
                var first = form.querySelector('input[aria-invalid]');
                if (first) first.focus();
            }
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup); else setup();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', setup);
})();

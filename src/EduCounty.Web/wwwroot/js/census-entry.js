// The 秋季统计 form of a school (issue 22 §2): the form's consistency rules checked while the school types — on leaving
// a changed field and on saving — with the message at the field; a form with a broken rule is not sent. The rules and
// their words mirror EduCounty.Periods.CensusEntry.Check, which the server runs again on save and on submit. The 合计
// line is checked once the school has touched it, or on saving. No inline script (CSP): loaded by App.razor.
(function () {
    var COLUMNS = ['GraduatesMale', 'GraduatesFemale', 'EntrantsMale', 'EntrantsFemale', 'StudentsMale', 'StudentsFemale', 'Classes'];
    function setup() {
        var form = document.querySelector('form[data-census-check]');
        if (!form || form.getAttribute('data-census-ready')) return;
        form.setAttribute('data-census-ready', '1');
        var totalTouched = false;
        var summary = document.getElementById('check-summary');
        function input(grade, col) { return form.querySelector('input[name="' + grade + '.' + col + '"]'); }
        function value(el) {
            var t = el ? el.value.trim() : '';
            return t === '' ? 0 : Number(t);
        }
        function check(all) {
            var problems = [];
            function add(grade, col, text) { problems.push({ key: grade + '.' + col, text: text }); }
            var sums = {};
            COLUMNS.forEach(function (c) { sums[c] = 0; });
            form.querySelectorAll('tr[data-grade]').forEach(function (row) {
                var grade = row.getAttribute('data-grade');
                if (grade === 'total') return;
                var g = row.getAttribute('data-label');
                var v = {};
                COLUMNS.forEach(function (c) {
                    var el = input(grade, c);
                    var n = value(el);
                    if (!Number.isInteger(n)) { add(grade, c, el.getAttribute('aria-label') + '应为整数'); n = 0; }
                    else if (n < 0) add(grade, c, el.getAttribute('aria-label') + '不能为负数');
                    v[c] = n;
                    sums[c] += n;
                });
                if (row.getAttribute('data-entry') !== '1' && v.EntrantsMale + v.EntrantsFemale > 0)
                    add(grade, v.EntrantsMale > 0 ? 'EntrantsMale' : 'EntrantsFemale', g + '：招生数只填在各学段的起始年级（一年级、初一、高一等），应为 0');
                if (row.getAttribute('data-last') !== '1' && v.GraduatesMale + v.GraduatesFemale > 0)
                    add(grade, v.GraduatesMale > 0 ? 'GraduatesMale' : 'GraduatesFemale', g + '：毕业生数只填在各学段的毕业年级（六年级、初三、高三等），应为 0');
                if (v.StudentsMale + v.StudentsFemale > 0 && v.Classes <= 0)
                    add(grade, 'Classes', g + '有在校生，班数不能为 0');
            });
            if (all || totalTouched) {
                COLUMNS.forEach(function (c) {
                    var el = input('total', c);
                    var n = value(el);
                    if (el && n !== sums[c]) add('total', c, el.getAttribute('aria-label') + '（' + el.value.trim() + '）不等于各年级之和（' + sums[c] + '）');
                });
            }
            window.EduCountyForms.showProblems(form, summary, problems);
            return problems;
        }
        form.addEventListener('change', function (e) {
            if (e.target && e.target.name && e.target.name.indexOf('total.') === 0) totalTouched = true;
            check(false);
        });
        form.addEventListener('submit', function (e) {
            var problems = check(true);
            if (problems.length) {
                e.preventDefault();
                var first = form.querySelector('input[aria-invalid]');
                if (first) first.focus();
            }
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup); else setup();
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', setup);
})();

// Behaviour that used to be inline (the CSP allows no inline script, issue 13): a select marked data-autosubmit submits
// its form when changed.
document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('[data-autosubmit]') && t.form) t.form.submit();
});

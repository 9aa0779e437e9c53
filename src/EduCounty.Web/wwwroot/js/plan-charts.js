// Renders every element carrying data-chart (ECharts options as JSON, built on the server) with the ECharts bundle
// shipped by Vizor.ECharts. Static SSR pages have no circuit, so this small script is all the client code there is.
(function () {
    function render() {
        if (!window.echarts) return;
        document.querySelectorAll('[data-chart]').forEach(function (el) {
            if (el.getAttribute('data-chart-done') === el.getAttribute('data-chart')) return;
            var old = window.echarts.getInstanceByDom(el);
            if (old) old.dispose();
            var options = JSON.parse(el.getAttribute('data-chart'));
            // A chart of many rows (one bar per school) grows with them; set through the DOM, not a style attribute.
            var rows = parseInt(el.getAttribute('data-chart-rows') || '0', 10);
            if (rows > 0) el.style.height = Math.max(280, 110 + rows * 34) + 'px';
            options.animation = false;
            window.echarts.init(el, null, { renderer: 'svg' }).setOption(options);
            el.setAttribute('data-chart-done', el.getAttribute('data-chart'));
        });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render); else render();
    // Blazor's enhanced navigation patches the page without reloading scripts.
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', render);
    // js/app.js replaced the page's content with an upload's answer.
    document.addEventListener('educounty:content', render);
    window.addEventListener('resize', function () {
        document.querySelectorAll('[data-chart]').forEach(function (el) {
            var c = window.echarts && window.echarts.getInstanceByDom(el);
            if (c) c.resize();
        });
    });
})();

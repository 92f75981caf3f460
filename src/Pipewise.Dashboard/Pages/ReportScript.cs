namespace Pipewise.Dashboard.Pages;

/// <summary>
/// The report's only script: sorts, searches and filters the overview table in the file, with the dashboard's
/// parameters (<c>q</c>, <c>provider</c>, <c>org</c>, <c>verdict</c>, <c>sort</c>, <c>dir</c>) kept in the address's
/// fragment, so that a link to a sorted, searched report can be shared. It only moves and hides rows and reads text; it
/// never writes markup.
/// </summary>
internal static class ReportScript
{
    public const string Source = """
        (function () {
          var table = document.getElementById('fleet'), form = document.getElementById('filters');
          if (!table || !form) { return; }
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows), state = { sort: 'minutes', dir: 'desc' };
          var keys = { name: 'name', runs: 'runs', minutes: 'minutes', p50: 'p50', trend: 'trend', failure: 'failure', intermittent: 'intermittent', regression: 'regression', verdict: 'verdictOrder', suggestions: 'suggestions' };
          function read() {
            var hash = location.hash.replace(/^#/, '');
            if (hash.indexOf('=') < 0) { return; }
            hash.split('&').forEach(function (part) {
              var i = part.indexOf('=');
              if (i > 0) { state[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1).replace(/\+/g, ' ')); }
            });
            ['q', 'provider', 'org', 'verdict'].forEach(function (name) {
              var field = form.elements[name];
              if (field && state[name] !== undefined) { field.value = state[name]; }
            });
          }
          function write() {
            var parts = [];
            ['q', 'provider', 'org', 'verdict', 'sort', 'dir'].forEach(function (name) {
              if (state[name]) { parts.push(name + '=' + encodeURIComponent(state[name])); }
            });
            history.replaceState(null, '', '#' + parts.join('&'));
          }
          function apply() {
            ['q', 'provider', 'org', 'verdict'].forEach(function (name) { state[name] = form.elements[name] ? form.elements[name].value : ''; });
            var q = (state.q || '').toLowerCase(), key = keys[state.sort] || 'minutes', desc = state.dir !== 'asc', shown = 0;
            rows.sort(function (a, b) {
              var x = a.dataset[key], y = b.dataset[key];
              if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
              var c = key === 'name' ? (x < y ? -1 : x > y ? 1 : 0) : (parseFloat(x) - parseFloat(y));
              return desc ? -c : c;
            });
            rows.forEach(function (row) {
              var d = row.dataset, ok = (!q || d.search.indexOf(q) >= 0)
                && (!state.provider || d.provider === state.provider.toLowerCase())
                && (!state.org || d.org === state.org.toLowerCase())
                && (!state.verdict || d.verdict === state.verdict);
              row.hidden = !ok;
              if (ok) { shown++; }
              body.appendChild(row);
            });
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
              th.classList.toggle('sorted', th.dataset.sort === state.sort);
              th.classList.toggle('asc', th.dataset.sort === state.sort && !desc);
            });
            document.getElementById('shown').textContent = shown + ' pipeline(s) match';
          }
          table.tHead.addEventListener('click', function (e) {
            var th = e.target.closest('th');
            if (!th) { return; }
            e.preventDefault();
            state.dir = state.sort === th.dataset.sort ? (state.dir === 'asc' ? 'desc' : 'asc') : (th.dataset.sort === 'name' ? 'asc' : 'desc');
            state.sort = th.dataset.sort;
            apply(); write();
          });
          form.addEventListener('submit', function (e) { e.preventDefault(); apply(); write(); });
          form.addEventListener('input', function () { apply(); write(); });
          read(); apply();
        })();
        """;
}

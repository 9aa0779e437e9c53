namespace EduCounty.Imports;

/// <summary>The downloadable error copy of a file and the blank templates (issue 5 §1, §3).</summary>
public static class ImportOutputs
{
    /// <summary>
    /// A copy of the file (first sheet) with an extra column "错误与提示" and the bad cells filled red
    /// (errors) or yellow (warnings); rows without problems are copied unchanged.
    /// </summary>
    public static void WriteErrorFile(string sourcePath, ImportReport report, Stream output, Common.Tabular.TabularLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        // The file passed these limits when it was checked; read it again under the same ones.
        using var file = Common.Tabular.TabularFile.Open(sourcePath, report.FileName, limits ?? Common.Tabular.TabularLimits.Default);
        var byRow = report.Issues.GroupBy(i => i.Row).ToDictionary(g => g.Key, g => g.ToList());
        using var w = new SheetWriter(output);
        w.AddSheet("导入检查", Rows());

        IEnumerable<IReadOnlyList<(string?, CellLook)>> Rows()
        {
            var width = 0;
            foreach (var (n, cells) in file.Rows())
            {
                var list = new List<(string?, CellLook)>(cells.Length + 1);
                var issues = byRow.GetValueOrDefault(n);
                for (var i = 0; i < cells.Length; i++)
                {
                    var look = n == report.HeaderRow ? CellLook.Header : CellLook.Plain;
                    if (issues?.Find(x => x.ColumnIndex == i && !x.IsWarning) is not null)
                    {
                        look = CellLook.Error;
                    }
                    else if (issues?.Find(x => x.ColumnIndex == i) is not null)
                    {
                        look = CellLook.Warning;
                    }
                    list.Add((cells[i], look));
                }
                if (n == report.HeaderRow)
                {
                    width = cells.Length;
                    list.Add(("错误与提示", CellLook.Header));
                }
                else if (issues is not null)
                {
                    while (list.Count < width)
                    {
                        list.Add((null, CellLook.Plain));
                    }
                    var text = string.Join("；", issues.Select(x => $"{(x.IsWarning ? "提示" : "错误")}：{x.Column ?? ""}{(x.Value is null ? "（空）" : $"“{x.Value}”")}{x.Rule}"));
                    list.Add((text, issues.Any(x => !x.IsWarning) ? CellLook.Error : CellLook.Warning));
                }
                yield return list;
            }
        }
    }

    /// <summary>Template: sheet 1 the Chinese headers, sheet 2 one line per column (必填, 格式, 单位, 代码表, 别名).</summary>
    public static void WriteTemplate(ImportKind kind, Stream output)
    {
        ArgumentNullException.ThrowIfNull(kind);
        using var w = new SheetWriter(output);
        w.AddSheet(kind.Title, [kind.Columns.Select(c => ((string?)c.Header, CellLook.Header)).ToList()],
            [.. kind.Columns.Select(c => Math.Max(12, c.Header.Length * 2.2 + 2))]);
        var rows = new List<IReadOnlyList<(string?, CellLook)>>
        {
            new[] { "列名", "必填", "格式", "单位", "代码表", "也可写作" }.Select(h => ((string?)h, CellLook.Header)).ToList(),
        };
        rows.AddRange(kind.Columns.Select(c => (IReadOnlyList<(string?, CellLook)>)new List<(string?, CellLook)>
        {
            (c.Header, CellLook.Plain),
            (c.Required ? "是" : "否", CellLook.Plain),
            (c.Format, CellLook.Plain),
            (c.Unit, CellLook.Plain),
            (c.Codes, CellLook.Plain),
            (c.Aliases.Length == 0 ? null : string.Join("、", c.Aliases), CellLook.Plain),
        }));
        w.AddSheet("填写说明", rows, [18, 6, 50, 8, 60, 30]);
    }
}

using EduCounty.Imports;
using EduCounty.Teachers;

namespace EduCounty.Cli;

/// <summary>The empty file of a 教师队伍 kind (<see cref="TeacherFiles.Columns"/>): the header row, then a sheet 填写说明 with each column's rule and aliases.</summary>
internal static class TeacherTemplates
{
    public static void Write(TeacherImportKind kind, Stream output)
    {
        using var w = new SheetWriter(output);
        var columns = TeacherFiles.Columns(kind);
        w.AddSheet(TeacherFiles.Name(kind), [columns.Select(c => ((string?)c.Title, CellLook.Header)).ToList()],
            [.. columns.Select(c => Math.Max(12, c.Title.Length * 2.2 + 2))]);
        var rows = new List<IReadOnlyList<(string?, CellLook)>>
        {
            new[] { "列名", "必填", "填写要求", "也可写作" }.Select(h => ((string?)h, CellLook.Header)).ToList(),
        };
        rows.AddRange(columns.Select(c => (IReadOnlyList<(string?, CellLook)>)new List<(string?, CellLook)>
        {
            (c.Title, CellLook.Plain),
            (c.Required ? "是" : "否", CellLook.Plain),
            (c.Hint, CellLook.Plain),
            (c.Aliases.Length == 0 ? null : string.Join("、", c.Aliases), CellLook.Plain),
        }));
        w.AddSheet("填写说明", rows, [18, 6, 60, 40]);
    }
}

using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>
/// The students the two 学生资助 kinds (<see cref="AidRecognitionKind"/>, <see cref="AidDisbursementKind"/>) find their rows'
/// students among: one load, one look-up by 学籍号 (else 身份证件号) with the same errors, and who the rows are recorded by.
/// </summary>
internal static class AidStudents
{
    /// <summary>A student as a row refers to it.</summary>
    internal sealed record StudentRef(int Id, int SchoolId, string Name, string Grade);

    /// <summary>Students in the context's scope by keyed hash of 学籍号 and (when <paramref name="byId"/> is given) of 身份证件号.</summary>
    internal static async Task LoadAsync(ImportContext ctx, Dictionary<string, StudentRef> byNumber, Dictionary<string, StudentRef>? byId, CancellationToken ct)
    {
        foreach (var s in await ctx.Db.Students.AsNoTracking().Select(s => new { s.Id, s.SchoolId, s.Name, s.Grade, s.StudentNumberHash, s.IdNumberHash }).ToListAsync(ct))
        {
            var r = new StudentRef(s.Id, s.SchoolId, s.Name, s.Grade);
            byNumber[s.StudentNumberHash] = r;
            if (byId is not null && s.IdNumberHash is { } h)
            {
                byId.TryAdd(h, r);
            }
        }
    }

    /// <summary>The student of a row by 学籍号, else 身份证件号, in the import's scope; errors name the column.</summary>
    internal static StudentRef? Find(RowValues row, ImportContext ctx, string? number, string? id, Dictionary<string, StudentRef> byNumber, Dictionary<string, StudentRef>? byId)
    {
        StudentRef? student = null;
        if (number is not null && !byNumber.TryGetValue(ctx.Protector.LookupHash(number.Trim().ToUpperInvariant()), out student))
        {
            row.Error("student", "学籍库中没有此学籍号，或该生不在您管理的学校（须先导入学生学籍）");
            return null;
        }
        if (id is not null && byId is not null)
        {
            if (!byId.TryGetValue(ctx.Protector.LookupHash(id), out var byIdNumber))
            {
                if (student is null)
                {
                    row.Error("id", "学籍库中没有此身份证件号的学生，或该生不在您管理的学校");
                }
                else
                {
                    row.Error("id", "与学籍中该学籍号学生的身份证件号不一致");
                }
                return null;
            }
            if (student is not null && student.Id != byIdNumber.Id)
            {
                row.Error("id", "与学籍中该学籍号学生的身份证件号不一致");
                return null;
            }
            student = byIdNumber;
        }
        if (student is null && number is null && id is null && !row.HasErrors)
        {
            row.Error("student", "学籍号和身份证件号至少填写一项");
        }
        return student;
    }

    /// <summary>Who the rows are recorded by (认定人, 提交/审核/审批/发放人): the importing user, at most 100 characters.</summary>
    internal static string Actor(ImportContext ctx)
    {
        var by = ctx.Db.Actor ?? "导入";
        return by.Length > 100 ? by[..100] : by;
    }
}

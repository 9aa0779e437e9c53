using System.Globalization;
using EduCounty.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Exports;

/// <summary>
/// An export carrying 身份证号 in clear (issue 13 §12): who, when, which list, how many rows and the purpose they stated.
/// The rows of a user's exports of one day (Beijing time) count against the policy's UnmaskedExportRowsPerDay.
/// Audited as a row of its own (its purpose shows in the trail) besides the export entry.
/// </summary>
[OutsideDataVersion("明文导出登记不是评估读取的业务数据")]
public sealed class UnmaskedExport
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    /// <summary>The day in Beijing time (UTC+8), the bureau's day: the daily limit counts by it.</summary>
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }
    public required string List { get; set; }
    public int Rows { get; set; }
    public required string Purpose { get; set; }
}

internal sealed class UnmaskedExportConfiguration : IEntityTypeConfiguration<UnmaskedExport>
{
    public void Configure(EntityTypeBuilder<UnmaskedExport> e)
    {
        e.ToTable("UnmaskedExports");
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.List).HasMaxLength(30);
        e.Property(x => x.Purpose).HasMaxLength(200);
        e.HasIndex(x => new { x.UserName, x.Day });
    }
}

/// <summary>This feature's table on the one context (docs/adr/0020).</summary>
public static class ExportSets
{
    extension(EduDb db)
    {
        public DbSet<UnmaskedExport> UnmaskedExports => db.Set<UnmaskedExport>();
    }
}

/// <summary>
/// The rules of an unmasked export (issue 13 §12): a stated purpose (4–200 characters), at most the day's remaining
/// rows, and a watermark naming the user and the time in the file (<see cref="Exporter"/>).
/// </summary>
public static class UnmaskedExports
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>What an unmasked export needs: who, why, how many rows are left today.</summary>
    public sealed record Permit(string UserName, string Purpose, DateTimeOffset At, int RowsLeft)
    {
        /// <summary>The watermark written into the file.</summary>
        public string Watermark =>
            $"导出人：{UserName}；导出时间：{At.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}（北京时间）；用途：{Purpose}；含身份证号明文，仅限上述用途，不得外传";
    }

    /// <summary>Checks the purpose and the day's allowance; returns the permit.</summary>
    /// <exception cref="RuleException">No purpose, or nothing left of the day's rows.</exception>
    public static async Task<Permit> PermitAsync(EduDb db, string userName, string? purpose, int rowsPerDay, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var p = (purpose ?? "").Trim();
        if (p.Length < 4 || p.Length > 200)
        {
            throw new RuleException("导出身份证号明文须写明用途（4–200 字），用途将记入审计") { Field = "purpose" };
        }
        var now = db.Clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime);
        var used = await db.UnmaskedExports.Where(x => x.UserName == userName && x.Day == day).SumAsync(x => (int?)x.Rows, ct) ?? 0;
        var left = rowsPerDay - used;
        if (left <= 0)
        {
            throw new RuleException($"今天已导出身份证号明文 {used} 行，达到每人每天 {rowsPerDay} 行的上限；如确需更多，请联系安全管理员");
        }
        return new Permit(userName, p, now, left);
    }

    /// <summary>Records an export made under the permit (with the export's audit entry, in one save).</summary>
    public static void Record(EduDb db, Permit permit, string list, int rows)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(permit);
        db.UnmaskedExports.Add(new UnmaskedExport
        {
            UserName = permit.UserName,
            Day = DateOnly.FromDateTime(permit.At.ToOffset(Beijing).DateTime),
            At = permit.At,
            List = list,
            Rows = rows,
            Purpose = permit.Purpose,
        });
    }
}

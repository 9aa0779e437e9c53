using EduCounty.Common;
using EduCounty.Common.Files;
using EduCounty.Common.Identity;

namespace EduCounty.Safety;

/// <summary>整改完成，申请销号: the school's 验收 with its evidence files (整改后照片, 验收材料).</summary>
public static class VerifyHazard
{
    public static async Task HandleAsync(EduDb db, int hazardId, string note, IReadOnlyList<UploadedFile>? evidence, ActingUser by, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        h.Verify(note, by.Name, today);
        await Atomically.RunAsync(db, async () =>
        {
            await db.SaveChangesAsync(ct);
            await HazardFiles.AddAsync(db, h, evidence, HazardFiles.Evidence, by.Name, ct);
            return 0;
        }, ct);
    }
}

/// <summary>Adds photos or evidence to an open hazard.</summary>
public static class AttachHazardFiles
{
    public static async Task HandleAsync(EduDb db, int hazardId, IReadOnlyList<UploadedFile> files, bool evidence, ActingUser by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new RuleException("请选择要上传的文件");
        var h = await HazardFiles.FindAsync(db, hazardId, ct);
        if (!h.IsOpen) throw new RuleException($"隐患 {h.Number} 已销号，不能再添加文件");
        await HazardFiles.AddAsync(db, h, files, evidence ? HazardFiles.Evidence : HazardFiles.Photo, by.Name, ct);
    }
}

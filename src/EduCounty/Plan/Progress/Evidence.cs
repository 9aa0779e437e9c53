using EduCounty.Common.Files;

namespace EduCounty.Plan.Progress;

/// <summary>
/// 佐证材料 accepted with a progress update: the checks of <see cref="UploadedFile"/> (pdf, jpg, png, docx, xlsx up to
/// <see cref="MaxBytes"/>, extension AND first bytes). Stored in the database (ADR 0017).
/// </summary>
public static class Evidence
{
    /// <summary>10 MB per file.</summary>
    public const int MaxBytes = UploadedFile.MaxBytes;

    /// <summary>Accepted extensions for a file input's accept attribute.</summary>
    public const string Accept = UploadedFile.Accept;

    /// <summary>Checks the file and builds the attachment (with its bytes); throws <see cref="Common.RuleException"/> in Chinese.</summary>
    public static PlanAttachment Create(string fileName, byte[] bytes)
    {
        var f = UploadedFile.Check(fileName, bytes);
        return new PlanAttachment
        {
            FileName = f.FileName,
            ContentType = f.ContentType,
            SizeBytes = f.Bytes.Length,
            Sha256 = f.Sha256,
            Content = new PlanAttachmentContent { Bytes = f.Bytes },
        };
    }
}

using System.Security.Cryptography;
using EduCounty.Common;

namespace EduCounty.Plan.Progress;

/// <summary>
/// 佐证材料 accepted with a progress update: pdf, jpg, png, docx, xlsx up to <see cref="MaxBytes"/>, checked by
/// extension AND by the file's first bytes (a renamed .exe is refused). Stored in the database (ADR 0017).
/// </summary>
public static class Evidence
{
    /// <summary>10 MB per file.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, (string Type, byte[] Magic)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF-"u8.ToArray()),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [0x50, 0x4B, 0x03, 0x04]),
    };

    /// <summary>Accepted extensions for a file input's accept attribute.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx";

    /// <summary>Checks the file and builds the attachment (with its bytes); throws <see cref="RuleException"/> in Chinese.</summary>
    public static PlanAttachment Create(string fileName, byte[] bytes)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0)
        {
            throw new RuleException("佐证材料缺少文件名");
        }
        if (name.Length > 200)
        {
            name = name[^200..];
        }
        if (!Kinds.TryGetValue(Path.GetExtension(name), out var kind))
        {
            throw new RuleException($"佐证材料“{name}”的类型不允许：只接受 pdf、jpg、png、docx、xlsx");
        }
        if (bytes.Length == 0)
        {
            throw new RuleException($"佐证材料“{name}”是空文件");
        }
        if (bytes.Length > MaxBytes)
        {
            throw new RuleException($"佐证材料“{name}”超过 {MaxBytes / 1048576} MB");
        }
        if (!bytes.AsSpan().StartsWith(kind.Magic))
        {
            throw new RuleException($"佐证材料“{name}”的内容与扩展名不符");
        }
        return new PlanAttachment
        {
            FileName = name,
            ContentType = kind.Type,
            SizeBytes = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Content = new PlanAttachmentContent { Bytes = bytes },
        };
    }
}

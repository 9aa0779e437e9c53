using System.Security.Cryptography;

namespace EduCounty.Common.Files;

/// <summary>
/// A checked upload (佐证材料, 照片, 文书): pdf, jpg, png, docx, xlsx up to <see cref="MaxBytes"/>, checked by extension AND
/// by the file's first bytes (a renamed .exe is refused). Used by the plan's evidence and by <see cref="StoredFile"/>.
/// </summary>
public sealed record UploadedFile(string FileName, string ContentType, byte[] Bytes, string Sha256)
{
    /// <summary>10 MB per file.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Accepted extensions for a file input's accept attribute.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx";

    private static readonly Dictionary<string, (string Type, byte[] Magic)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF-"u8.ToArray()),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [0x50, 0x4B, 0x03, 0x04]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [0x50, 0x4B, 0x03, 0x04]),
    };

    /// <summary>Checks the file; throws <see cref="RuleException"/> in Chinese naming <paramref name="what"/> (佐证材料, 照片…).</summary>
    public static UploadedFile Check(string fileName, byte[] bytes, string what = "佐证材料")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0)
        {
            throw new RuleException($"{what}缺少文件名");
        }
        if (name.Length > 200)
        {
            name = name[^200..];
        }
        if (!Kinds.TryGetValue(Path.GetExtension(name), out var kind))
        {
            throw new RuleException($"{what}“{name}”的类型不允许：只接受 pdf、jpg、png、docx、xlsx");
        }
        if (bytes.Length == 0)
        {
            throw new RuleException($"{what}“{name}”是空文件");
        }
        if (bytes.Length > MaxBytes)
        {
            throw new RuleException($"{what}“{name}”超过 {MaxBytes / 1048576} MB");
        }
        if (!bytes.AsSpan().StartsWith(kind.Magic))
        {
            throw new RuleException($"{what}“{name}”的内容与扩展名不符");
        }
        return new UploadedFile(name, kind.Type, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

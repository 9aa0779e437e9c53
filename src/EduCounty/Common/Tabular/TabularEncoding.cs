using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EduCounty.Common.Tabular;

/// <summary>
/// The one text-encoding detector for .csv files: a byte-order mark (UTF-8, UTF-16) decides; otherwise UTF-8 when every
/// byte of the file decodes strictly as UTF-8, else GB18030 — a superset of GBK and GB2312, which is what Excel and WPS
/// write on a Chinese Windows ("CSV (逗号分隔)").
/// </summary>
public static class TabularEncoding
{
    /// <summary>UTF-8 that throws on invalid bytes (a detected file never has any).</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(false, true);

    /// <summary>GB18030 (code page 54936), registered from System.Text.Encoding.CodePages of the shared framework.</summary>
    public static Encoding Gb18030 { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    /// <summary>Makes the code-page encodings (GB18030, 936 of an .xls) available; idempotent.</summary>
    internal static void EnsureCodePages() => _ = Gb18030;

    /// <summary>Detects the encoding of a seekable stream from its current position, and puts the position back.</summary>
    public static Encoding Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.Position;
        try
        {
            return DetectFrom(stream);
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Detects the encoding of a file.</summary>
    public static Encoding Detect(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return DetectFrom(s);
    }

    private static Encoding DetectFrom(Stream s)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            var n = s.ReadAtLeast(bytes.AsSpan(0, 4), 4, throwOnEndOfStream: false);
            var head = bytes.AsSpan(0, n);
            if (head.StartsWith("\uFEFF"u8))
            {
                return StrictUtf8;
            }
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            {
                return Encoding.Unicode;
            }
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                return Encoding.BigEndianUnicode;
            }
            // Strict UTF-8 check in chunks; a sequence cut at a chunk's end is carried into the next one.
            var carried = n;
            while (true)
            {
                var read = s.Read(bytes, carried, bytes.Length - carried);
                var length = carried + read;
                var final = read == 0;
                var status = Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == OperationStatus.InvalidData)
                {
                    return Gb18030;
                }
                if (final)
                {
                    return StrictUtf8;
                }
                carried = length - consumed;
                bytes.AsSpan(consumed, carried).CopyTo(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}

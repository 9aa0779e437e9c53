namespace EduCounty.Common.Tabular;

/// <summary>
/// Limits that protect the server from oversized and hostile spreadsheets (issue 5 §4, issue 15 §3). Every caller of
/// <see cref="TabularFile"/> reads under one of these; each feature narrows <see cref="Default"/> to what it needs
/// (the web host can override each value from configuration).
/// </summary>
public sealed record TabularLimits
{
    /// <summary>Largest accepted file (an upload is this much of a request), bytes.</summary>
    public long MaxFileBytes { get; init; } = 300L * 1024 * 1024;

    /// <summary>Most rows of the sheet, the header, title and blank rows included (a spreadsheet row number above this is refused).</summary>
    public int MaxRows { get; init; } = 2_000_000;

    /// <summary>Most columns of a row (256 is the width of an Excel 97-2003 sheet; no template here comes close).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>
    /// Most characters in one cell: 32,767 is what Excel itself lets a cell hold. A longer cell is refused before it is
    /// materialised (an .xlsx part is scanned before MiniExcel reads it; a .csv record never grows past its buffer).
    /// </summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Largest total uncompressed size of the parts of an .xlsx, bytes.</summary>
    public long MaxUncompressedBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest compression ratio of an .xlsx part bigger than 1 MB (ordinary sheets stay well under 50; zip bombs reach 1000).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>The import-sized defaults (a 1,000,000-row 学籍 file is 70 MB and 600 MB unpacked).</summary>
    public static TabularLimits Default { get; } = new();

    /// <summary>Longest markup (a tag, comment or processing instruction) of an .xlsx part, bytes: far above any real tag.</summary>
    internal long MaxMarkupBytes => Math.Max(64 * 1024, 4L * MaxCellChars);

    /// <summary>
    /// Largest CSV record Sylvan may buffer: four cells at their longest and 64 K more. No template row comes near it,
    /// and a hostile record costs at most this much memory whatever its length.
    /// </summary>
    internal int MaxRecordChars => (int)Math.Min(int.MaxValue / 4, 4L * MaxCellChars + 64 * 1024);
}

/// <summary>A file refused as a whole (too big, hostile, unreadable); the message names file, row, column and reason in Chinese.</summary>
public sealed class TabularRefusedException : Exception
{
    public TabularRefusedException(string message) : base(message)
    {
    }

    public TabularRefusedException(string message, Exception inner) : base(message, inner)
    {
    }

    public TabularRefusedException()
    {
    }
}

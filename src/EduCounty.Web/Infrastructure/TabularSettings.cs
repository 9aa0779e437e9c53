using System.Globalization;
using EduCounty.Balance;
using EduCounty.Common.Tabular;
using EduCounty.Fitness;

namespace EduCounty.Web.Infrastructure;

/// <summary>
/// The spreadsheet limits of each upload (Common/Tabular/README.md), each value overridable under
/// EduCounty:Tabular:&lt;use&gt;: MaxFileMegabytes, MaxRows, MaxColumns, MaxCellChars, MaxUncompressedMegabytes,
/// MaxCompressionRatio. Imports take their file size from EduCounty:MaxUploadMegabytes unless the section sets one.
/// </summary>
public static class TabularSettings
{
    public static TabularLimits Import(IConfiguration c) =>
        Read(c, "Import", TabularLimits.Default with { MaxFileBytes = WebHardening.MaxUploadBytes(c) });

    /// <summary>The 优质均衡 per-school table (/balance/check).</summary>
    public static TabularLimits SchoolTable(IConfiguration c) => Read(c, "SchoolTable", BalanceSpreadsheet.DefaultLimits);

    /// <summary>The 社会认可度 survey results (/balance/record).</summary>
    public static TabularLimits Survey(IConfiguration c) => Read(c, "Survey", ImportSatisfactionSurvey.DefaultLimits);

    /// <summary>The national 体质健康 upload template.</summary>
    public static TabularLimits Fitness(IConfiguration c) => Read(c, "Fitness", FitnessImport.DefaultLimits);

    /// <summary>A school's upload of its own 填报 form (/periods/{form}/{school}/upload).</summary>
    public static TabularLimits SchoolForm(IConfiguration c) => Read(c, "SchoolForm", EduCounty.Periods.FormUpload.DefaultLimits);

    private static TabularLimits Read(IConfiguration c, string use, TabularLimits defaults)
    {
        var s = c.GetSection("EduCounty:Tabular:" + use);
        long? Mb(string key) => s.GetValue<long?>(key) is { } v ? Math.Max(1, v) * 1024L * 1024L : null;
        return defaults with
        {
            MaxFileBytes = Mb("MaxFileMegabytes") ?? defaults.MaxFileBytes,
            MaxRows = Math.Max(1, s.GetValue("MaxRows", defaults.MaxRows)),
            MaxColumns = Math.Max(1, s.GetValue("MaxColumns", defaults.MaxColumns)),
            MaxCellChars = Math.Max(1, s.GetValue("MaxCellChars", defaults.MaxCellChars)),
            MaxUncompressedBytes = Mb("MaxUncompressedMegabytes") ?? defaults.MaxUncompressedBytes,
            MaxCompressionRatio = Math.Max(1, s.GetValue("MaxCompressionRatio", defaults.MaxCompressionRatio)),
        };
    }

    /// <summary>"文件超过上限" for a page's upload, before anything reads it.</summary>
    public static string TooLarge(string? fileName, long length, TabularLimits limits) =>
        string.Create(CultureInfo.InvariantCulture,
            $"文件 {TabularText.Clip(Path.GetFileName(fileName ?? ""))} 大小 {length / 1048576.0:0.#} MB，超过上限 {limits.MaxFileBytes / 1048576.0:0.#} MB，已拒收");
}

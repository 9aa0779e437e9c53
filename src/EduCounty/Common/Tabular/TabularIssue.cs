namespace EduCounty.Common.Tabular;

/// <summary>
/// A problem of an imported file, the one shape of the files read through <see cref="TabularFile"/> that name a problem by
/// file, row, column, value and reason (the 控辍保学 台账, the 特殊群体 records, the 教师队伍 files, the 学生资助 lists): <see cref="Message"/> is
/// the Chinese sentence a user reads. Row 0 is the file as a whole (its reason alone).
/// </summary>
public sealed record TabularIssue(string File, int Row, string? Column, string? Value, string Reason)
{
    public string Message => Row == 0 ? Reason : Column is null ? $"{File} 第{Row}行：{Reason}" : $"{File} 第{Row}行“{Column}”列，值“{TabularText.Clip(Value)}”：{Reason}";

    public override string ToString() => Message;
}

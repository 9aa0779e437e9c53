using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;

namespace EduCounty.Teachers;

/// <summary>
/// The registry summaries a 教师队伍 import changes (<see cref="TeacherSummary"/>), read and written as text so that one
/// <see cref="TeacherSummaryChange"/> table keeps all of them; <see cref="Tracker"/> collects an import's changes.
/// </summary>
public static class TeacherSummaries
{
    /// <summary>The value of <paramref name="field"/> on the staff row, as text.</summary>
    public static string? Read(Staff s, TeacherSummary field)
    {
        ArgumentNullException.ThrowIfNull(s);
        return field switch
        {
            TeacherSummary.Title => ((int)s.Title).ToString(CultureInfo.InvariantCulture),
            TeacherSummary.KeyTeacher => s.KeyTeacherLevel is { } l ? $"{(int)l}/{s.KeyTeacherYear?.ToString(CultureInfo.InvariantCulture)}" : null,
            TeacherSummary.Certificate => s.TeacherCertificate ? "1" : "0",
            _ => s.DualQualified ? "1" : "0",
        };
    }

    /// <summary>Puts a value read by <see cref="Read(Staff, TeacherSummary)"/> back on the staff row.</summary>
    public static void Write(Staff s, TeacherSummary field, string? value)
    {
        ArgumentNullException.ThrowIfNull(s);
        switch (field)
        {
            case TeacherSummary.Title:
                s.Title = (Title)int.Parse(value!, CultureInfo.InvariantCulture);
                break;
            case TeacherSummary.KeyTeacher:
                if (value is null)
                {
                    (s.KeyTeacherLevel, s.KeyTeacherYear) = (null, null);
                }
                else
                {
                    var parts = value.Split('/');
                    s.KeyTeacherLevel = (KeyTeacherLevel)int.Parse(parts[0], CultureInfo.InvariantCulture);
                    s.KeyTeacherYear = parts[1].Length == 0 ? null : int.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                break;
            case TeacherSummary.Certificate:
                s.TeacherCertificate = value == "1";
                break;
            default:
                s.DualQualified = value == "1";
                break;
        }
    }

    /// <summary>Changes of one import: the first value before and the last value written, per teacher, field and year.</summary>
    public sealed class Tracker
    {
        private readonly Dictionary<(int StaffId, TeacherSummary Field, int? Year), (string? Before, string? After)> _changes = [];

        /// <summary>Applies <paramref name="change"/> to the staff row and keeps what it was.</summary>
        public void Change(Staff s, TeacherSummary field, Action<Staff> change)
        {
            ArgumentNullException.ThrowIfNull(s);
            ArgumentNullException.ThrowIfNull(change);
            var before = Read(s, field);
            change(s);
            Keep((s.Id, field, null), before, Read(s, field));
        }

        /// <summary>The 双师型 flag of a year's census snapshot set to true.</summary>
        public void DualYear(StaffYear y)
        {
            ArgumentNullException.ThrowIfNull(y);
            var before = y.DualQualified ? "1" : "0";
            y.DualQualified = true;
            Keep((y.StaffId, TeacherSummary.DualQualified, y.Year), before, "1");
        }

        private void Keep((int, TeacherSummary, int?) key, string? before, string? after) =>
            _changes[key] = (_changes.TryGetValue(key, out var had) ? had.Before : before, after);

        /// <summary>The rows to save with the batch (those whose value really changed).</summary>
        public IEnumerable<TeacherSummaryChange> Rows(int importId) => _changes.Where(c => c.Value.Before != c.Value.After).Select(c => new TeacherSummaryChange
        {
            ImportId = importId,
            StaffId = c.Key.StaffId,
            Field = c.Key.Field,
            Year = c.Key.Year,
            Before = c.Value.Before,
            After = c.Value.After,
        });
    }
}

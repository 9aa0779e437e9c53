namespace EduCounty.Common;

/// <summary>
/// A refusal by a business rule: the input or the requested change breaks a rule, and <see cref="Exception.Message"/>
/// says why in Chinese, ready to show to the user. The one error type of the library (docs/adr/0019): hosts show the
/// message as it is — the web on the page (or 400 with the message), the CLI on stderr with exit code 2. Where the
/// refusal concerns a cell of an uploaded file or a field of a form, <see cref="File"/>, <see cref="Row"/>,
/// <see cref="Column"/> and <see cref="Field"/> say which (the message names them too).
/// </summary>
/// <remarks>
/// Not sealed: a refusal with more structure than a place derives from it (the plan loader's list of JSON-path
/// problems, the expression parser's kind and column), so that hosts still catch one type.
/// </remarks>
public class RuleException : Exception
{
    /// <summary>Creates a refusal with a generic message.</summary>
    public RuleException()
        : base("操作不符合业务规则")
    {
    }

    /// <summary>Creates a refusal with its Chinese message.</summary>
    public RuleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a refusal with its Chinese message and the exception that revealed it.</summary>
    public RuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file the refusal concerns (an upload's name), if any.</summary>
    public string? File { get; init; }

    /// <summary>The 1-based row of that file, if any.</summary>
    public int? Row { get; init; }

    /// <summary>The column (header or letter) of that file, if any.</summary>
    public string? Column { get; init; }

    /// <summary>The form field or setting the refusal concerns (e.g. "deadline", "--year"), if any.</summary>
    public string? Field { get; init; }
}

using EduCounty.Common;

namespace EduCounty.Indicators.Expressions;

/// <summary>Kinds of parse error.</summary>
public enum ParseErrorKind
{
    /// <summary>缺少右括号.</summary>
    MissingRightParenthesis,

    /// <summary>意外的字符.</summary>
    UnexpectedCharacter,

    /// <summary>表达式不完整.</summary>
    UnexpectedEnd,

    /// <summary>缺少运算数 (an operator or comma where a value should be).</summary>
    MissingOperand,

    /// <summary>多余的内容 after a complete expression.</summary>
    TrailingInput,

    /// <summary>数据元素引用有误 (#{…} not closed, empty or bad code).</summary>
    InvalidElement,

    /// <summary>年份偏移有误 ([…] not an integer ≤ 0, or not closed).</summary>
    InvalidYearOffset,

    /// <summary>数字格式有误.</summary>
    InvalidNumber,

    /// <summary>未知函数.</summary>
    UnknownFunction,

    /// <summary>参数个数不对.</summary>
    WrongArgumentCount,
}

/// <summary>
/// An expression could not be parsed. <see cref="Exception.Message"/> is Chinese and starts with the column: "第 12 列：缺少右括号".
/// A <see cref="RuleException"/> (docs/adr/0019) carrying the parser's kind and its 1-based column as a number.
/// </summary>
public sealed class ExpressionParseException : RuleException
{
    /// <summary>Creates the exception.</summary>
    public ExpressionParseException(ParseErrorKind kind, int column, string detail)
        : base($"第 {column} 列：{detail}")
    {
        base.Column = column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Kind = kind;
        Column = column;
        Detail = detail;
    }

    /// <summary>Creates the exception with a context before the column, e.g. "分子" → "分子第 3 列：…".</summary>
    public ExpressionParseException(ParseErrorKind kind, int column, string detail, string context)
        : base($"{context}第 {column} 列：{detail}")
    {
        base.Column = column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Field = context;
        Kind = kind;
        Column = column;
        Detail = detail;
    }

    /// <summary>Creates the exception.</summary>
    public ExpressionParseException() : base("表达式有误") { }

    /// <summary>Creates the exception.</summary>
    public ExpressionParseException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ExpressionParseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>What went wrong.</summary>
    public ParseErrorKind Kind { get; }

    /// <summary>1-based column in the expression text (a number here; <see cref="RuleException.Column"/> holds it as text).</summary>
    public new int Column { get; }

    /// <summary>The message without the column prefix.</summary>
    public string Detail { get; } = "";
}

using System.Globalization;

namespace EduCounty.Indicators.Expressions;

/// <summary>
/// Recursive-descent parser. Grammar:
/// <code>
/// expression := additive ( ("&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!=") additive )?
/// additive   := term ( ("+" | "-" | "−") term )*
/// term       := unary ( ("*" | "/" | "×" | "÷") unary )*
/// unary      := ("-" | "−") unary | primary
/// primary    := number | "#{" code "}" ( "[" "-"? digits "]" )? | name "(" expression ("," expression)* ")" | "(" expression ")"
/// name       := sum | min | max | if | ceil | floor | and | or
/// </code>
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _s;
    private int _i;

    private ExpressionParser(string source) => _s = source;

    public static ExpressionNode Parse(string source)
    {
        var p = new ExpressionParser(source);
        p.SkipSpace();
        if (p.AtEnd)
        {
            throw new ExpressionParseException(ParseErrorKind.UnexpectedEnd, 1, "表达式为空");
        }

        var node = p.ParseExpression();
        p.SkipSpace();
        if (!p.AtEnd)
        {
            var c = p.Peek;
            throw c == ')'
                ? new ExpressionParseException(ParseErrorKind.TrailingInput, p.Col, "多余的右括号“)”")
                : new ExpressionParseException(ParseErrorKind.TrailingInput, p.Col, $"多余的内容“{c}”，此处应为运算符");
        }

        return node;
    }

    private bool AtEnd => _i >= _s.Length;
    private char Peek => _s[_i];
    private int Col => _i + 1;

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek)) _i++;
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_s, _i, token, 0, token.Length) == 0)
        {
            _i += token.Length;
            return true;
        }

        return false;
    }

    private ExpressionNode ParseExpression()
    {
        var left = ParseAdditive();
        SkipSpace();
        var col = Col;
        BinaryOperator? op =
            Accept("<=") ? BinaryOperator.LessOrEqual :
            Accept(">=") ? BinaryOperator.GreaterOrEqual :
            Accept("==") ? BinaryOperator.Equal :
            Accept("!=") ? BinaryOperator.NotEqual :
            Accept("≤") ? BinaryOperator.LessOrEqual :
            Accept("≥") ? BinaryOperator.GreaterOrEqual :
            Accept("≠") ? BinaryOperator.NotEqual :
            Accept("<") ? BinaryOperator.Less :
            Accept(">") ? BinaryOperator.Greater :
            null;
        return op is { } o ? new BinaryNode(o, left, ParseAdditive(), col) : left;
    }

    private ExpressionNode ParseAdditive()
    {
        var left = ParseTerm();
        while (true)
        {
            SkipSpace();
            var col = Col;
            if (Accept("+")) left = new BinaryNode(BinaryOperator.Add, left, ParseTerm(), col);
            else if (Accept("-") || Accept("−")) left = new BinaryNode(BinaryOperator.Subtract, left, ParseTerm(), col);
            else return left;
        }
    }

    private ExpressionNode ParseTerm()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            var col = Col;
            if (Accept("*") || Accept("×")) left = new BinaryNode(BinaryOperator.Multiply, left, ParseUnary(), col);
            else if (Accept("/") || Accept("÷")) left = new BinaryNode(BinaryOperator.Divide, left, ParseUnary(), col);
            else return left;
        }
    }

    private ExpressionNode ParseUnary()
    {
        SkipSpace();
        var col = Col;
        return Accept("-") || Accept("−") ? new NegateNode(ParseUnary(), col) : ParsePrimary();
    }

    private ExpressionNode ParsePrimary()
    {
        SkipSpace();
        if (AtEnd)
        {
            throw new ExpressionParseException(ParseErrorKind.UnexpectedEnd, Col, "表达式不完整，此处缺少数值");
        }

        var col = Col;
        var c = Peek;
        if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
        if (c == '#') return ParseElement();
        if (char.IsAsciiLetter(c)) return ParseCall();
        if (c == '(')
        {
            _i++;
            var inner = ParseExpression();
            SkipSpace();
            if (!Accept(")"))
            {
                throw new ExpressionParseException(ParseErrorKind.MissingRightParenthesis, Col, $"缺少右括号（与第 {col} 列的左括号配对）");
            }

            return inner;
        }

        if ("+*/×÷<>=!≤≥≠,)".Contains(c, StringComparison.Ordinal))
        {
            throw new ExpressionParseException(ParseErrorKind.MissingOperand, col, $"“{c}”前缺少数值");
        }

        throw new ExpressionParseException(ParseErrorKind.UnexpectedCharacter, col, $"无法识别的字符“{c}”");
    }

    private NumberNode ParseNumber()
    {
        var col = Col;
        var start = _i;
        while (!AtEnd && (char.IsAsciiDigit(Peek) || Peek == '.')) _i++;
        var text = _s[start.._i];
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)
            ? new NumberNode(v, col)
            : throw new ExpressionParseException(ParseErrorKind.InvalidNumber, col, $"数字“{text}”格式有误");
    }

    private ElementNode ParseElement()
    {
        var col = Col;
        _i++; // '#'
        if (AtEnd || Peek != '{')
        {
            throw new ExpressionParseException(ParseErrorKind.InvalidElement, col, "数据元素引用应写作 #{编码}");
        }

        _i++;
        var start = _i;
        while (!AtEnd && Peek != '}' && Peek != '#' && Peek != '(' && Peek != ')') _i++;
        if (AtEnd || Peek != '}')
        {
            throw new ExpressionParseException(ParseErrorKind.InvalidElement, Col, $"数据元素引用缺少右花括号“}}”（第 {col} 列开始）");
        }

        var code = _s[start.._i].Trim();
        _i++;
        if (code.Length == 0)
        {
            throw new ExpressionParseException(ParseErrorKind.InvalidElement, col, "数据元素编码为空");
        }

        if (!IsValidCode(code))
        {
            throw new ExpressionParseException(ParseErrorKind.InvalidElement, col + 2, $"数据元素编码“{code}”有误：只能用英文字母、数字、下划线，以点分段");
        }

        var offset = 0;
        if (!AtEnd && Peek == '[')
        {
            var ocol = Col;
            _i++;
            var ostart = _i;
            while (!AtEnd && Peek != ']') _i++;
            if (AtEnd)
            {
                throw new ExpressionParseException(ParseErrorKind.InvalidYearOffset, Col, $"年份偏移缺少右方括号“]”（第 {ocol} 列开始）");
            }

            var text = _s[ostart.._i].Trim().Replace('−', '-');
            _i++;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset) || offset > 0)
            {
                throw new ExpressionParseException(ParseErrorKind.InvalidYearOffset, ocol + 1, $"年份偏移“{text}”有误：应为 0 或负整数，如 [-8] 表示 8 年前");
            }
        }

        return new ElementNode(new DataElementRef(code, offset), col);
    }

    private static bool IsValidCode(string code) =>
        code.Split('.').All(part => part.Length > 0 && part.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'));

    private CallNode ParseCall()
    {
        var col = Col;
        var start = _i;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_')) _i++;
        var name = _s[start.._i];
        ExpressionFunction fn = name.ToUpperInvariant() switch
        {
            "SUM" => ExpressionFunction.Sum,
            "MIN" => ExpressionFunction.Min,
            "MAX" => ExpressionFunction.Max,
            "IF" => ExpressionFunction.If,
            "CEIL" => ExpressionFunction.Ceil,
            "FLOOR" => ExpressionFunction.Floor,
            "AND" => ExpressionFunction.And,
            "OR" => ExpressionFunction.Or,
            _ => throw new ExpressionParseException(ParseErrorKind.UnknownFunction, col, $"未知函数“{name}”，可用的函数：sum、min、max、if、ceil、floor、and、or"),
        };
        if (!Accept("("))
        {
            throw new ExpressionParseException(ParseErrorKind.UnexpectedCharacter, Col, $"函数“{name}”后应为左括号“(”");
        }

        var args = new List<ExpressionNode> { ParseExpression() };
        while (Accept(",") || Accept("，")) args.Add(ParseExpression());
        SkipSpace();
        if (!Accept(")"))
        {
            throw new ExpressionParseException(ParseErrorKind.MissingRightParenthesis, Col, $"缺少右括号（函数“{name}”从第 {col} 列开始）");
        }

        if (fn == ExpressionFunction.If && args.Count != 3)
        {
            throw new ExpressionParseException(ParseErrorKind.WrongArgumentCount, col, $"if 需要 3 个参数（条件, 成立时的值, 不成立时的值），实际为 {args.Count} 个");
        }

        if (fn is ExpressionFunction.Ceil or ExpressionFunction.Floor && args.Count != 1)
        {
            throw new ExpressionParseException(ParseErrorKind.WrongArgumentCount, col, $"{name} 需要 1 个参数，实际为 {args.Count} 个");
        }

        return new CallNode(fn, args, col);
    }
}

namespace EduCounty.Indicators.Expressions;

/// <summary>A data element reference <c>#{code}</c> with an optional year offset <c>[-n]</c> (0 = the indicator's year).</summary>
/// <param name="Code">Full dotted code, filter included, e.g. <c>enrolment.junior.grade3</c>.</param>
/// <param name="YearOffset">0 or negative: the value from that many years earlier.</param>
public sealed record DataElementRef(string Code, int YearOffset = 0)
{
    /// <inheritdoc />
    public override string ToString() => YearOffset == 0 ? $"#{{{Code}}}" : $"#{{{Code}}}[{YearOffset}]";
}

/// <summary>A node of a parsed expression tree. <see cref="Column"/> is the 1-based column in the source.</summary>
public abstract record ExpressionNode(int Column);

/// <summary>A number literal.</summary>
public sealed record NumberNode(decimal Value, int Column) : ExpressionNode(Column);

/// <summary>A data element reference.</summary>
public sealed record ElementNode(DataElementRef Element, int Column) : ExpressionNode(Column);

/// <summary>Unary minus.</summary>
public sealed record NegateNode(ExpressionNode Operand, int Column) : ExpressionNode(Column);

/// <summary>Binary operators, arithmetic and comparison.</summary>
public enum BinaryOperator
{
    /// <summary>+</summary>
    Add,

    /// <summary>−</summary>
    Subtract,

    /// <summary>×</summary>
    Multiply,

    /// <summary>÷</summary>
    Divide,

    /// <summary>&lt;</summary>
    Less,

    /// <summary>&lt;=</summary>
    LessOrEqual,

    /// <summary>&gt;</summary>
    Greater,

    /// <summary>&gt;=</summary>
    GreaterOrEqual,

    /// <summary>==</summary>
    Equal,

    /// <summary>!=</summary>
    NotEqual,
}

/// <summary>A binary operation.</summary>
public sealed record BinaryNode(BinaryOperator Operator, ExpressionNode Left, ExpressionNode Right, int Column) : ExpressionNode(Column);

/// <summary>Functions the grammar knows.</summary>
public enum ExpressionFunction
{
    /// <summary>sum(a, b, …)</summary>
    Sum,

    /// <summary>min(a, b, …)</summary>
    Min,

    /// <summary>max(a, b, …)</summary>
    Max,

    /// <summary>if(condition, then, else)</summary>
    If,

    /// <summary>ceil(a): the smallest integer ≥ a (“每 12 个班 1 间” needs ⌈班数/12⌉).</summary>
    Ceil,

    /// <summary>floor(a): the largest integer ≤ a.</summary>
    Floor,

    /// <summary>and(a, b, …): 1 when every argument is non-zero, else 0.</summary>
    And,

    /// <summary>or(a, b, …): 1 when any argument is non-zero, else 0.</summary>
    Or,
}

/// <summary>A function call.</summary>
public sealed record CallNode(ExpressionFunction Function, IReadOnlyList<ExpressionNode> Arguments, int Column) : ExpressionNode(Column);

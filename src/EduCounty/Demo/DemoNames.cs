using EduCounty.Common;

namespace EduCounty.Demo;

/// <summary>
/// Synthetic names for the demo county: characters combined at random from common lists, so no real
/// person's name is paired with a real ID number (the ID numbers are synthetic too).
/// </summary>
internal static class DemoNames
{
    private static readonly string[] HanSurnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
    ];

    private static readonly string[] HuiSurnames = ["马", "杨", "李", "白", "丁", "海", "哈", "纳", "穆", "沙", "冶", "撒"];

    private static readonly string[] MaleChars =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "浩", "宇", "鹏", "俊", "峰", "辉", "博", "轩",
        "然", "泽", "晨", "睿", "子", "一", "天", "文", "建", "国", "志", "海", "新", "兴", "瑞", "凯", "航", "铭",
    ];

    private static readonly string[] FemaleChars =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "琳", "欣", "怡", "佳", "悦", "涵", "萱", "彤",
        "雨", "梦", "思", "语", "诗", "晓", "玉", "兰", "月", "心", "可", "瑶", "菲", "洁", "慧", "颖", "蕾", "嘉",
    ];

    private static readonly string[] KazakhMale = ["努尔兰", "叶尔兰", "哈那提", "阿斯卡尔", "别克", "赛力克", "达吾列提", "木拉提", "巴合提", "叶尔波力"];
    private static readonly string[] KazakhFemale = ["阿依达娜", "古丽米拉", "阿依古丽", "加娜尔", "沙吾列", "阿克努尔", "哈丽达", "玛依拉"];
    private static readonly string[] UyghurMale = ["艾力", "买买提", "阿不都", "努尔艾力", "吐尔逊", "热合曼", "伊力哈木", "艾克拜尔", "阿迪力", "麦麦提"];
    private static readonly string[] UyghurFemale = ["热依拉", "迪丽努尔", "古丽", "阿依努尔", "帕提古丽", "米热古丽", "再娜甫", "努尔古丽"];

    /// <summary>Ethnic mix of the county (GB 3304 codes): 汉 66%, 回 13%, 哈萨克 11%, 维吾尔 7%, other 3%.</summary>
    public static string Ethnicity(Random r)
    {
        var x = r.NextDouble();
        return x switch
        {
            < 0.66 => "01",
            < 0.79 => "03",
            < 0.90 => "17",
            < 0.97 => "05",
            < 0.98 => "02",
            < 0.99 => "11",
            < 0.995 => "38",
            _ => "29",
        };
    }

    public static string Name(Random r, Sex sex, string ethnicity)
    {
        switch (ethnicity)
        {
            case "17":
                return Pick(r, sex == Sex.Male ? KazakhMale : KazakhFemale) + "·" + Pick(r, KazakhMale);
            case "05":
            case "29":
                return Pick(r, sex == Sex.Male ? UyghurMale : UyghurFemale) + "·" + Pick(r, UyghurMale);
            default:
                var surname = ethnicity == "03" ? Pick(r, HuiSurnames) : Pick(r, HanSurnames);
                var chars = sex == Sex.Male ? MaleChars : FemaleChars;
                return r.NextDouble() < 0.7 ? surname + Pick(r, chars) + Pick(r, chars) : surname + Pick(r, chars);
        }
    }

    public static T Pick<T>(Random r, IReadOnlyList<T> list) => list[r.Next(list.Count)];
}

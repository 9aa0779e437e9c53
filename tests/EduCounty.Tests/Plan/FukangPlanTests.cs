using EduCounty.Plan;

namespace EduCounty.Tests.Plan;

public sealed class FukangPlanTests
{
    private static readonly PlanDocument Plan = PlanLoader.LoadDefault();

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EduCounty.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, relative);
    }

    [Fact]
    public void Repository_file_and_embedded_resource_load_and_agree()
    {
        var fromFile = PlanLoader.LoadFile(RepoFile("plans/fukang-2021-2025.json"));
        Assert.Equal("652302", fromFile.DivisionCode);
        Assert.Equal(new PlanPeriod(2021, 2025), fromFile.Period);
        Assert.Equal(1, fromFile.SchemaVersion);
        Assert.Equal(Plan.Tasks.Count, fromFile.Tasks.Count);
        Assert.Equal(Plan.Tasks[57].Text, fromFile.Tasks[57].Text);
        Assert.Empty(PlanLoader.Validate(Plan));
    }

    // Expected table, read from the source text: group, name as printed, unit, 2020 value, 昌吉州, 阜康市, 属性.
    public static TheoryData<int, string, string, string, decimal?, decimal, decimal, IndicatorKind> Table => new()
    {
        { 0, "学前教育", "在园幼儿园数(万人)", "万人", 0.5669m, 4.6455m, 0.65m, IndicatorKind.Expected },
        { 1, "学前教育", "学前教育入园率(%)", "%", 99m, 99m, 99m, IndicatorKind.Expected },
        { 2, "学前教育", "公办园在园幼儿占比(%)", "%", 96m, 80m, 90m, IndicatorKind.Expected },
        { 3, "学前教育", "普惠性幼儿园覆盖率(%)", "%", 100m, 99m, 99m, IndicatorKind.Expected },
        { 4, "义务教育", "在校生数(万人)", "万人", 1.5083m, 13.52m, 1.6712m, IndicatorKind.Expected },
        { 5, "义务教育", "巩固率(%)", "%", 109.98m, 99.5m, 99.5m, IndicatorKind.Binding },
        { 6, "高中阶段教育", "在校生数(万人)", "万人", 0.4119m, 3.55m, 0.45m, IndicatorKind.Expected },
        { 7, "高中阶段教育", "高中阶段毛入学率(%)", "%", 96.18m, 98m, 98m, IndicatorKind.Expected },
        { 8, "高中阶段教育", "初中毕业生升入高中阶段升学率(%)", "%", 97.11m, 98.5m, 98.5m, IndicatorKind.Expected },
        { 9, "高中阶段教育", "职业教育“双师型”教师比例(%)", "%", 62.24m, 64m, 64.5m, IndicatorKind.Expected },
        { 10, "特殊教育", "在校生规模(人)", "人", 86m, 465m, 50m, IndicatorKind.Expected },
        { 11, "特殊教育", "残疾儿童少年义务教育入学率(%)", "%", 100m, 100m, 100m, IndicatorKind.Expected },
        { 12, "国家通用语言文字教育", "各学段国家通用语言文字教育教学覆盖率(%)", "%", 100m, 100m, 100m, IndicatorKind.Binding },
        { 13, "国家通用语言文字教育", "在编教师国家通用语言文字水平达标率(%)", "%", 89.42m, 100m, 100m, IndicatorKind.Expected },
        { 14, "教育信息化", "中小学数字校园覆盖率(%)", "%", null, 100m, 100m, IndicatorKind.Expected },
    };

    [Fact]
    public void Table_has_exactly_15_indicators_with_unique_codes()
    {
        Assert.Equal(15, Plan.Indicators.Count);
        Assert.Equal(15, Plan.Indicators.Select(i => i.Code).Distinct().Count());
        Assert.Equal("preschool.enrolment", Plan.Indicators[0].Code);
        Assert.Equal("compulsory.retention", Plan.Indicators[5].Code);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Indicator_row_matches_the_printed_table(
        int row, string group, string tableName, string unit, decimal? baseline, decimal prefecture, decimal county, IndicatorKind kind)
    {
        var ind = Plan.Indicators[row];
        Assert.Equal(group, ind.Group);
        Assert.Equal(tableName, ind.TableName);
        Assert.Equal(unit, ind.Unit);
        Assert.Equal(baseline, ind.Baseline);
        Assert.Equal(prefecture, ind.PrefectureTarget);
        Assert.Equal(county, ind.Target);
        Assert.Equal(kind, ind.Kind);
    }

    [Fact]
    public void Counts_are_scale_targets_and_rates_are_floors()
    {
        foreach (var ind in Plan.Indicators)
        {
            var expected = ind.Unit == "%" ? TargetComparator.AtLeast : TargetComparator.Reach;
            Assert.Equal(expected, ind.Comparator);
        }
    }

    [Fact]
    public void Tasks_are_numbered_1_to_58_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, 58), Plan.Tasks.Select(t => t.Number));
        Assert.All(Plan.Tasks, t =>
        {
            Assert.Empty(t.ResponsibleUnits);
            Assert.Equal([2021, 2022, 2023, 2024, 2025], t.Milestones.Select(m => m.Year));
            Assert.All(t.Milestones, m => Assert.Empty(m.Items));
        });
    }

    [Fact]
    public void Task_titles_sections_and_texts_are_as_printed()
    {
        Assert.Equal("健全党对教育事业全面领导的体制机制", Plan.Tasks[0].Title);
        Assert.Contains("10%", Plan.Tasks[32].Text, StringComparison.Ordinal);
        Assert.Contains("20%", Plan.Tasks[32].Text, StringComparison.Ordinal);
        Assert.Equal(10, Plan.Sections.Count);
        Assert.Equal("十", Plan.Sections[9].Numeral);
        Assert.Equal(6, Plan.Tasks[32].Section);

        var t20 = Plan.Tasks[19];
        Assert.Equal("全面普及学前教育", t20.Title);
        Assert.Contains("科学规划幼儿园布局。", t20.Text, StringComparison.Ordinal);
        Assert.Contains("改善办园条件。", t20.Text, StringComparison.Ordinal);
        Assert.Contains("注重保教质量。", t20.Text, StringComparison.Ordinal);
        Assert.Contains("统筹城乡义务教育一体化发展。", Plan.Tasks[20].Text, StringComparison.Ordinal);

        // Task 36 continues in a second paragraph before its 专栏.
        Assert.Contains("每两年对优秀教师", Plan.Tasks[35].Text, StringComparison.Ordinal);
        Assert.Equal("推动现代学校制度建设", Plan.Tasks[40].Title);
    }

    [Fact]
    public void There_are_9_boxes_in_order()
    {
        Assert.Equal(9, Plan.Boxes.Count);
        Assert.Equal("推动思想政治理论课改革创新", Plan.Boxes[0].Title);
        Assert.Equal("校园食堂“互联网+明厨亮灶”建设项目", Plan.Boxes[8].Title);
        Assert.Equal([16, 19, 22, 24, 31, 36, 42, 48, 58], Plan.Boxes.Select(b => b.AfterTask));
        Assert.All(Plan.Boxes, b => Assert.NotEmpty(b.Projects));
    }

    private static IEnumerable<PlanProject> Projects => Plan.Boxes.SelectMany(b => b.Projects);

    [Fact]
    public void Preschool_and_compulsory_new_seats_add_up()
    {
        var preschool = Projects.Where(p => p.Programme == "优质普惠学前教育资源扩容建设项目").ToList();
        Assert.Equal(720 + 360, preschool.Sum(p => p.NewSeats ?? 0));
        Assert.Equal(4230m + 1900m, preschool.Sum(p => p.InvestmentWan ?? 0));
        Assert.Equal(5, preschool.Sum(p => p.ProjectCount ?? 0));

        var compulsory = Projects.Where(p => p.Programme == "义务教育学校建设项目").ToList();
        Assert.Equal(3240, compulsory.Sum(p => p.NewSeats ?? 0));
        Assert.Equal(21000m + 1915m + 5408m + 7034m, compulsory.Sum(p => p.InvestmentWan ?? 0));

        var newKg = Projects.Single(p => p.Code == "infra.preschool.new");
        Assert.Equal(ProjectKind.New, newKg.Kind);
        Assert.Equal(["城南幼儿园", "城北幼儿园"], newKg.Schools!);
        Assert.Equal(9816m, newKg.AreaM2);
    }

    [Fact]
    public void Vocational_and_housing_figures_are_kept()
    {
        var voc = Projects.Single(p => p.Code == "infra.vocational");
        Assert.Equal(21300m, voc.InvestmentWan);
        Assert.Equal(54000m, voc.AreaM2);

        var housing = Projects.Single(p => p.Code == "teachers.rural-housing");
        Assert.Equal(354, housing.Dwellings);
        Assert.Equal(35m, housing.DwellingAreaM2);
        Assert.Equal([88, 100, 40, 66, 60], housing.Parts!.Select(x => x.Dwellings!.Value));
    }

    [Theory]
    [InlineData("health.myopia_decline", 13, "0.5", TargetComparator.DecreaseBy)]
    [InlineData("rotation.share", 33, "10", TargetComparator.AtLeast)]
    [InlineData("rotation.key_teacher_share", 33, "20", TargetComparator.AtLeast)]
    [InlineData("class_size.primary", 21, "45", TargetComparator.AtMost)]
    [InlineData("class_size.junior", 21, "50", TargetComparator.AtMost)]
    [InlineData("teachers.subject_leaders", 34, "100", TargetComparator.AtLeast)]
    [InlineData("teachers.key_teachers", 34, "200", TargetComparator.AtLeast)]
    [InlineData("teachers.teaching_experts", 34, "300", TargetComparator.AtLeast)]
    [InlineData("admission.quality_senior_quota", 42, "50", TargetComparator.AtLeast)]
    [InlineData("special.public_funding", 24, "6000", TargetComparator.AtLeast)]
    [InlineData("ict.class_bandwidth", 46, "200", TargetComparator.AtLeast)]
    [InlineData("ict.school_bandwidth", 46, "1000", TargetComparator.AtLeast)]
    [InlineData("preschool.new_seats.new", 20, "720", TargetComparator.AtLeast)]
    [InlineData("preschool.new_seats.expansion", 20, "360", TargetComparator.AtLeast)]
    [InlineData("compulsory.new_seats", 21, "3240", TargetComparator.AtLeast)]
    [InlineData("goal.vocational.dual_qualified_share", 23, "64.5", TargetComparator.AtLeast)]
    [InlineData("goal.senior.transition_rate", 22, "98.5", TargetComparator.AtLeast)]
    public void Quantified_targets_carry_value_task_and_comparator(string code, int task, string value, TargetComparator comparator)
    {
        var t = Plan.Targets.Single(x => x.Code == code);
        Assert.Equal(task, t.TaskNumber);
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), t.Value);
        Assert.Equal(comparator, t.Comparator);
    }

    [Fact]
    public void Salary_and_recognition_targets_have_no_number()
    {
        var salary = Plan.Targets.Single(x => x.Code == "teachers.salary");
        Assert.Null(salary.Value);
        Assert.Equal("当地公务员平均工资收入水平", salary.Reference);
        var balance = Plan.Targets.Single(x => x.Code == "balance.high_quality");
        Assert.Equal(TargetComparator.Achieve, balance.Comparator);
        Assert.Equal(2025, balance.Year);
    }

    [Fact]
    public void Glossary_has_every_printed_entry()
    {
        Assert.Equal(Enumerable.Range(1, 14), Plan.Terms.Select(t => t.Number));
        Assert.Equal("学校党建“七个全覆盖”", Plan.Terms[0].Term);
        Assert.Equal("双亮双述两联一评", Plan.Terms[1].Term);
    }
}

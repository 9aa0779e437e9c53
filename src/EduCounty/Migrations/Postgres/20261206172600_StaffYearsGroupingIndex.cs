using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffYearsGroupingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StaffYears_SchoolId_Year",
                table: "StaffYears");

            migrationBuilder.CreateIndex(
                name: "IX_StaffYears_SchoolId_Year_Grouping",
                table: "StaffYears",
                columns: new[] { "SchoolId", "Year", "PostType", "Establishment", "StageTaught", "DualQualified", "MandarinMeetsStandard", "KeyTeacherLevel", "Subjects" });

            // The planner's statistics for the new index (issue 20), as StudentYearsBySchool does.
            migrationBuilder.Sql("ANALYZE \"StaffYears\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StaffYears_SchoolId_Year_Grouping",
                table: "StaffYears");

            migrationBuilder.CreateIndex(
                name: "IX_StaffYears_SchoolId_Year",
                table: "StaffYears",
                columns: new[] { "SchoolId", "Year" });
        }
    }
}

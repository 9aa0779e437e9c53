using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StudentYearsBySchool : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StudentYears_SchoolId_Year_Grade_StudentId",
                table: "StudentYears",
                columns: new[] { "SchoolId", "Year", "Grade", "StudentId" });

            // Statistics for the new index at once: without them the planner may take it on a one-county database,
            // where the disabled-first path is the cheaper one (issue 20).
            migrationBuilder.Sql("ANALYZE \"StudentYears\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StudentYears_SchoolId_Year_Grade_StudentId",
                table: "StudentYears");
        }
    }
}

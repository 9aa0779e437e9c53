using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BalanceAssessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BalanceAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Met = table.Column<bool>(type: "boolean", nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Attachment = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BalanceAssessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SatisfactionSurveys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountyCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Group = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Respondents = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SatisfactionSurveys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BalanceAssessments_CountyCode_Year_Code",
                table: "BalanceAssessments",
                columns: new[] { "CountyCode", "Year", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SatisfactionSurveys_CountyCode_Year_Group",
                table: "SatisfactionSurveys",
                columns: new[] { "CountyCode", "Year", "Group" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BalanceAssessments");

            migrationBuilder.DropTable(
                name: "SatisfactionSurveys");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanEvaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PlanYearFreezes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    FrozenBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FrozenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanYearFreezes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FrozenIndicatorValues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FreezeId = table.Column<int>(type: "INTEGER", nullable: false),
                    IndicatorCode = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Numerator = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Denominator = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Value = table.Column<decimal>(type: "TEXT", precision: 28, scale: 12, nullable: true),
                    RoundedValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Expression = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AsOf = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    MissingReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PathValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Projection = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    ProjectionMethod = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InputsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FrozenIndicatorValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FrozenIndicatorValues_PlanYearFreezes_FreezeId",
                        column: x => x.FreezeId,
                        principalTable: "PlanYearFreezes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FrozenIndicatorValues_FreezeId_IndicatorCode",
                table: "FrozenIndicatorValues",
                columns: new[] { "FreezeId", "IndicatorCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanYearFreezes_PlanCode_DivisionCode_Year",
                table: "PlanYearFreezes",
                columns: new[] { "PlanCode", "DivisionCode", "Year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FrozenIndicatorValues");

            migrationBuilder.DropTable(
                name: "PlanYearFreezes");
        }
    }
}

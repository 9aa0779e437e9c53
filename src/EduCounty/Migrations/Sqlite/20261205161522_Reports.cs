using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EduCounty.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProgressJson",
                table: "PlanYearFreezes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RegisteredOn",
                table: "IssueLedger",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "PlanStateChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: true),
                    IssueId = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanStateChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_IssueLedger_IssueId",
                        column: x => x.IssueId,
                        principalTable: "IssueLedger",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_PlanProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "PlanProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanStateChanges_PlanTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "PlanTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_IssueId_On",
                table: "PlanStateChanges",
                columns: new[] { "IssueId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_ProjectId_On",
                table: "PlanStateChanges",
                columns: new[] { "ProjectId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanStateChanges_TaskId_On",
                table: "PlanStateChanges",
                columns: new[] { "TaskId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanStateChanges");

            migrationBuilder.DropColumn(
                name: "ProgressJson",
                table: "PlanYearFreezes");

            migrationBuilder.DropColumn(
                name: "RegisteredOn",
                table: "IssueLedger");
        }
    }
}

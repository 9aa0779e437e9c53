using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Atrisk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DropoutCases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    StatusChangeId = table.Column<int>(type: "integer", nullable: true),
                    LeftOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Causes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SchoolResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TownshipResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    VillageResponsible = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    NotesCipher = table.Column<byte[]>(type: "bytea", nullable: true),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    Closure = table.Column<int>(type: "integer", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClosureEvidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DropoutCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DropoutCases_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DropoutCases_StatusChanges_StatusChangeId",
                        column: x => x.StatusChangeId,
                        principalTable: "StatusChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DropoutCases_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersuasionSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Participants = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    NextOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersuasionSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersuasionSteps_DropoutCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DropoutCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_SchoolId_LeftOn",
                table: "DropoutCases",
                columns: new[] { "SchoolId", "LeftOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_StatusChangeId",
                table: "DropoutCases",
                column: "StatusChangeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DropoutCases_StudentId",
                table: "DropoutCases",
                column: "StudentId");

            migrationBuilder.CreateIndex(
                name: "IX_PersuasionSteps_CaseId_Date",
                table: "PersuasionSteps",
                columns: new[] { "CaseId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersuasionSteps");

            migrationBuilder.DropTable(
                name: "DropoutCases");
        }
    }
}

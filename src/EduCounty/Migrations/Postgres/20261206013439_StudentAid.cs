using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StudentAid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AidApplications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Programme = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StackGroup = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Term = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SchoolReviewedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SchoolReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ApprovedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ApprovedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RejectReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PaidAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PaidBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AidApplications_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AidApplications_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AidFundings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Programme = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Term = table.Column<int>(type: "integer", nullable: false),
                    ReceivedWan = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Document = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AidFundings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HardshipAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudentId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    DetailCipher = table.Column<byte[]>(type: "bytea", nullable: false),
                    CoverageGroup = table.Column<bool>(type: "boolean", nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssessedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HardshipAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HardshipAssessments_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HardshipAssessments_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AidApplications_SchoolId_Year",
                table: "AidApplications",
                columns: new[] { "SchoolId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_AidApplications_StudentId_Programme_Year_Term",
                table: "AidApplications",
                columns: new[] { "StudentId", "Programme", "Year", "Term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AidApplications_Year_Programme_Status",
                table: "AidApplications",
                columns: new[] { "Year", "Programme", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AidFundings_Programme_Year_Term",
                table: "AidFundings",
                columns: new[] { "Programme", "Year", "Term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HardshipAssessments_SchoolId_Year",
                table: "HardshipAssessments",
                columns: new[] { "SchoolId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_HardshipAssessments_StudentId_Year",
                table: "HardshipAssessments",
                columns: new[] { "StudentId", "Year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AidApplications");

            migrationBuilder.DropTable(
                name: "AidFundings");

            migrationBuilder.DropTable(
                name: "HardshipAssessments");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EduCounty.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TeacherSummaryChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ImportId",
                table: "DualQualifiedCertifications",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TeacherSummaryChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImportId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<int>(type: "integer", nullable: false),
                    Field = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Before = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    After = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeacherSummaryChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeacherSummaryChanges_Staff_StaffId",
                        column: x => x.StaffId,
                        principalTable: "Staff",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TeacherSummaryChanges_TrainingImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "TrainingImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DualQualifiedCertifications_ImportId",
                table: "DualQualifiedCertifications",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherSummaryChanges_ImportId",
                table: "TeacherSummaryChanges",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_TeacherSummaryChanges_StaffId",
                table: "TeacherSummaryChanges",
                column: "StaffId");

            migrationBuilder.AddForeignKey(
                name: "FK_DualQualifiedCertifications_TrainingImports_ImportId",
                table: "DualQualifiedCertifications",
                column: "ImportId",
                principalTable: "TrainingImports",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_DualQualifiedCertifications_TrainingImports_ImportId",
                table: "DualQualifiedCertifications");

            migrationBuilder.DropTable(
                name: "TeacherSummaryChanges");

            migrationBuilder.DropIndex(
                name: "IX_DualQualifiedCertifications_ImportId",
                table: "DualQualifiedCertifications");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "DualQualifiedCertifications");
        }
    }
}

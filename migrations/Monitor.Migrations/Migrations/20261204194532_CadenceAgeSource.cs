using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Monitor.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class CadenceAgeSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "age_source",
                schema: "monitor",
                table: "tag_cadence",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "age_source",
                schema: "monitor",
                table: "tag_cadence");
        }
    }
}

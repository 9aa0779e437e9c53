using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EduCounty.Teachers;

internal sealed class TrainingRecordConfiguration : IEntityTypeConfiguration<TrainingRecord>
{
    public void Configure(EntityTypeBuilder<TrainingRecord> e)
    {
        e.ToTable("TrainingRecords");
        e.Property(x => x.Course).HasMaxLength(200);
        e.Property(x => x.CertificateNumber).HasMaxLength(100);
        e.Property(x => x.Organiser).HasMaxLength(200);
        // The cycle sums a teacher's hours over a window of school years.
        e.HasIndex(x => new { x.StaffId, x.Year });
        e.HasIndex(x => x.Year);
        e.HasIndex(x => x.ImportId);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TrainingImportConfiguration : IEntityTypeConfiguration<TrainingImport>
{
    public void Configure(EntityTypeBuilder<TrainingImport> e)
    {
        e.ToTable("TrainingImports");
        e.Property(x => x.Kind).HasMaxLength(20).HasDefaultValue(nameof(TeacherImportKind.Training));
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.ImportedBy).HasMaxLength(100);
        e.Property(x => x.RolledBackBy).HasMaxLength(100);
    }
}

internal sealed class TeacherRotationConfiguration : IEntityTypeConfiguration<TeacherRotation>
{
    public void Configure(EntityTypeBuilder<TeacherRotation> e)
    {
        e.ToTable("TeacherRotations");
        e.HasIndex(x => x.ImportId);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
        e.Property(x => x.Note).HasMaxLength(400);
        e.HasIndex(x => new { x.Year, x.FromSchoolId });
        e.HasIndex(x => new { x.StaffId, x.Year });
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.FromSchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.ToSchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RotationExemptionConfiguration : IEntityTypeConfiguration<RotationExemption>
{
    public void Configure(EntityTypeBuilder<RotationExemption> e)
    {
        e.ToTable("RotationExemptions");
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Note).HasMaxLength(400);
        e.HasIndex(x => new { x.StaffId, x.Year, x.Code }).IsUnique();
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeacherQualificationConfiguration : IEntityTypeConfiguration<TeacherQualification>
{
    public void Configure(EntityTypeBuilder<TeacherQualification> e)
    {
        e.ToTable("TeacherQualifications");
        e.HasIndex(x => x.ImportId);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
        e.Property(x => x.Subject).HasMaxLength(50);
        e.Property(x => x.CertificateNumber).HasMaxLength(100);
        e.Property(x => x.IssuedBy).HasMaxLength(200);
        e.HasIndex(x => x.StaffId);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DualQualifiedCertificationConfiguration : IEntityTypeConfiguration<DualQualifiedCertification>
{
    public void Configure(EntityTypeBuilder<DualQualifiedCertification> e)
    {
        e.ToTable("DualQualifiedCertifications");
        e.Property(x => x.Authority).HasMaxLength(200);
        e.HasIndex(x => x.StaffId);
        e.HasIndex(x => x.ImportId);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeyTeacherTitleConfiguration : IEntityTypeConfiguration<KeyTeacherTitle>
{
    public void Configure(EntityTypeBuilder<KeyTeacherTitle> e)
    {
        e.ToTable("KeyTeacherTitles");
        e.HasIndex(x => x.ImportId);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
        e.Property(x => x.Subject).HasMaxLength(50);
        e.Property(x => x.AwardedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.StaffId, x.Kind });
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeacherTitleAppointmentConfiguration : IEntityTypeConfiguration<TeacherTitleAppointment>
{
    public void Configure(EntityTypeBuilder<TeacherTitleAppointment> e)
    {
        e.ToTable("TeacherTitleAppointments");
        e.HasIndex(x => new { x.StaffId, x.AppointedOn });
        e.HasIndex(x => x.ImportId);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TeacherSummaryChangeConfiguration : IEntityTypeConfiguration<TeacherSummaryChange>
{
    public void Configure(EntityTypeBuilder<TeacherSummaryChange> e)
    {
        e.ToTable("TeacherSummaryChanges");
        e.Property(x => x.Before).HasMaxLength(40);
        e.Property(x => x.After).HasMaxLength(40);
        e.HasIndex(x => x.ImportId);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PrincipalTermConfiguration : IEntityTypeConfiguration<PrincipalTerm>
{
    public void Configure(EntityTypeBuilder<PrincipalTerm> e)
    {
        e.ToTable("PrincipalTerms");
        e.HasIndex(x => new { x.StaffId, x.StartDate });
        e.HasIndex(x => x.SchoolId);
        e.HasIndex(x => x.ImportId);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class HiringResultConfiguration : IEntityTypeConfiguration<HiringResult>
{
    public void Configure(EntityTypeBuilder<HiringResult> e)
    {
        e.ToTable("HiringResults");
        e.HasIndex(x => new { x.StaffId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.SchoolId });
        e.HasIndex(x => x.ImportId);
        e.HasOne<Staff>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<School>().WithMany().HasForeignKey(x => x.ToSchoolId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TrainingImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class HiringPostConfiguration : IEntityTypeConfiguration<HiringPost>
{
    public void Configure(EntityTypeBuilder<HiringPost> e)
    {
        e.ToTable("HiringPosts");
        e.HasIndex(x => new { x.SchoolId, x.Year }).IsUnique();
        e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>This feature's tables on the one context (docs/adr/0020: a feature owns its sets and configurations).</summary>
public static class TeacherSets
{
    extension(EduDb db)
    {
        public DbSet<TrainingRecord> TrainingRecords => db.Set<TrainingRecord>();
        public DbSet<TrainingImport> TrainingImports => db.Set<TrainingImport>();
        public DbSet<TeacherRotation> TeacherRotations => db.Set<TeacherRotation>();
        public DbSet<RotationExemption> RotationExemptions => db.Set<RotationExemption>();
        public DbSet<TeacherQualification> TeacherQualifications => db.Set<TeacherQualification>();
        public DbSet<DualQualifiedCertification> DualQualifiedCertifications => db.Set<DualQualifiedCertification>();
        public DbSet<KeyTeacherTitle> KeyTeacherTitles => db.Set<KeyTeacherTitle>();
        public DbSet<TeacherTitleAppointment> TeacherTitleAppointments => db.Set<TeacherTitleAppointment>();
        public DbSet<TeacherSummaryChange> TeacherSummaryChanges => db.Set<TeacherSummaryChange>();
        public DbSet<PrincipalTerm> PrincipalTerms => db.Set<PrincipalTerm>();
        public DbSet<HiringResult> HiringResults => db.Set<HiringResult>();
        public DbSet<HiringPost> HiringPosts => db.Set<HiringPost>();
    }
}

using EduCounty.Security;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Common;

public abstract partial class EduDb
{
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<SignInEvent> SignInEvents => Set<SignInEvent>();

    private static void OnModelCreatingAccounts(ModelBuilder b)
    {
        b.Entity<PasswordHistoryEntry>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.HasIndex(x => x.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SignInEvent>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.Result).HasMaxLength(20);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.Property(x => x.Ip).HasMaxLength(64);
            e.Property(x => x.UserAgent).HasMaxLength(300);
            e.HasIndex(x => x.UserId);
        });
    }
}

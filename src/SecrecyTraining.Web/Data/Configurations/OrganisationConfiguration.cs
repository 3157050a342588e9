using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecrecyTraining.Web.Domain;
using SecrecyTraining.Web.Features.Account;

namespace SecrecyTraining.Web.Data.Configurations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> entity)
    {
        entity.Property(d => d.Name).HasMaxLength(100);
        entity.HasIndex(d => d.Name).IsUnique();
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> entity)
    {
        entity.Property(p => p.EmployeeNumber).HasMaxLength(32);
        entity.Property(p => p.Name).HasMaxLength(100);
        entity.HasIndex(p => p.EmployeeNumber).IsUnique();
        entity.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> entity)
    {
        entity.Property(p => p.Title).HasMaxLength(100);
        entity.Property(p => p.Level).HasConversion<string>().HasMaxLength(16);
        entity.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> entity)
    {
        entity.Property(u => u.DisplayName).HasMaxLength(100);
    }
}

namespace SecrecyTraining.Web.Domain;

/// <summary>A classified post (涉密岗位) of a department.</summary>
public class Post
{
    public int Id { get; private set; }

    public int DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    public string Title { get; private set; }

    public PostLevel Level { get; private set; }

    public Post(string title, PostLevel level, int departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title.Trim();
        Level = level;
        DepartmentId = departmentId;
    }

    public Post(string title, PostLevel level, Department department)
        : this(title, level, department.Id)
    {
        Department = department;
    }
}

namespace SecrecyTraining.Web.Domain;

/// <summary>A staff record. The employee number is also the person's sign-in name.</summary>
public class Person
{
    public int Id { get; private set; }

    public string EmployeeNumber { get; private set; }

    public string Name { get; private set; }

    public int DepartmentId { get; private set; }

    public Department? Department { get; private set; }

    public Person(string employeeNumber, string name, int departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(employeeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        EmployeeNumber = employeeNumber.Trim();
        Name = name.Trim();
        DepartmentId = departmentId;
    }

    /// <summary>A roster import corrects the name or moves the person to another department.</summary>
    public void Update(string name, int departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        (Name, DepartmentId) = (name.Trim(), departmentId);
    }

    public Person(string employeeNumber, string name, Department department)
        : this(employeeNumber, name, department.Id)
    {
        Department = department;
    }
}

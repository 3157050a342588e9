using System.ComponentModel.DataAnnotations;
using SecrecyTraining.Web.Infrastructure.Auth;

namespace SecrecyTraining.Web.Features.Account;

public sealed class LoginModel
{
    [Required(ErrorMessage = "请输入工号。")]
    [Display(Name = "工号")]
    [StringLength(32, ErrorMessage = "工号不能超过 {1} 个字符。")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "请输入密码。")]
    [Display(Name = "密码")]
    [DataType(DataType.Password)]
    [StringLength(128, ErrorMessage = "密码不能超过 {1} 个字符。")]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordModel
{
    [Required(ErrorMessage = "请输入当前密码。")]
    [Display(Name = "当前密码")]
    [DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "请输入新密码。")]
    [Display(Name = "新密码")]
    [DataType(DataType.Password)]
    [StringLength(128, MinimumLength = IdentitySetup.MinimumPasswordLength, ErrorMessage = "新密码长度须在 {2} 到 {1} 个字符之间。")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "请再次输入新密码。")]
    [Display(Name = "确认新密码")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
    public string ConfirmPassword { get; set; } = "";
}

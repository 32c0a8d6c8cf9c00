<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Certificate</name>
    <message>
        <location filename="../certificate_pdf.py" line="64"/>
        <location filename="../certificate_pdf.py" line="103"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="108"/>
        <source>Name: %1</source>
        <translation>姓名：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="111"/>
        <source>ID number: %1</source>
        <translation>身份证号：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="114"/>
        <source>Issued: %1</source>
        <translation>开具时间：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="124"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="141"/>
        <source>Verification code: %1
Scan the code or visit the address to check this certificate.</source>
        <translation>验证码：%1
扫描二维码或访问下方网址可核验本证明。</translation>
    </message>
</context>
<context>
    <name>CertificateScreen</name>
    <message>
        <location filename="../screens/certificate.py" line="82"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="83"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="84"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="86"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="88"/>
        <source>The certificate could not be printed. Please ask at the staff counter.</source>
        <translation>参保证明未能打印，请到服务窗口咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="90"/>
        <source>Please take the certificate from the printer.</source>
        <translation>请从打印机取走参保证明。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="92"/>
        <source>No printer here: the certificate was saved. The staff can print it for you.</source>
        <translation>本机没有打印机，证明已保存，工作人员可以为您打印。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="106"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="111"/>
        <source>Verification code: %1</source>
        <translation>验证码：%1</translation>
    </message>
</context>
<context>
    <name>ContributionsScreen</name>
    <message>
        <location filename="../screens/contributions.py" line="159"/>
        <source>Contribution records</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="162"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="163"/>
        <source>Insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="164"/>
        <source>Region</source>
        <translation>参保地</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="165"/>
        <source>Employer</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="166"/>
        <source>You paid</source>
        <translation>个人缴纳</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="167"/>
        <source>Employer paid</source>
        <translation>单位缴纳</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="172"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="178"/>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="179"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="180"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="182"/>
        <source>All insurances</source>
        <translation>全部险种</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="184"/>
        <source>All years</source>
        <translation>全部年份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="186"/>
        <source>Year %1</source>
        <translation>%1年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="188"/>
        <source>Earlier year</source>
        <translation>上一年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="189"/>
        <source>Later year</source>
        <translation>下一年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="190"/>
        <source>Show all years</source>
        <translation>显示全部年份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="196"/>
        <source>No records for this choice</source>
        <translation>没有符合条件的缴费记录</translation>
    </message>
</context>
<context>
    <name>LossReportScreen</name>
    <message>
        <location filename="../screens/loss_report.py" line="116"/>
        <source>Report a lost card</source>
        <translation>挂失社保卡</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="117"/>
        <source>Your ID number (18 characters)</source>
        <translation>您的身份证号码（18位）</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="118"/>
        <source>Last 4 digits of your registered mobile</source>
        <translation>登记手机号的后4位</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="119"/>
        <source>Report lost</source>
        <translation>确认挂失</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="121"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="121"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="129"/>
        <source>Card %1 is now blocked. The block ends by itself on %2, or cancel it here with the card and its password. For a new card please go to a staff counter.</source>
        <translation>卡 %1 已临时挂失。挂失将于 %2 自动解除，您也可以插卡并输入密码在本机解除。如需补办新卡，请到人工窗口办理。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../window.py" line="259"/>
        <source>Touch the screen to continue (%1 s)</source>
        <translation>请触摸屏幕继续（%1 秒）</translation>
    </message>
    <message>
        <location filename="../window.py" line="264"/>
        <source>Social Security Self-Service</source>
        <translation>社会保障自助服务</translation>
    </message>
    <message>
        <location filename="../window.py" line="265"/>
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/message.py" line="43"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../messages.py" line="42"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location filename="../messages.py" line="43"/>
        <source>Please take your card and try again. If it happens again, please ask at the staff counter.</source>
        <translation>请取回您的卡后再试一次。如果再次出现，请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="53"/>
        <source>The card was taken out</source>
        <translation>卡已被取出</translation>
    </message>
    <message>
        <location filename="../messages.py" line="54"/>
        <source>Nothing was changed. Insert your card again to start over.</source>
        <translation>没有做任何更改。请重新插卡开始办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="62"/>
        <source>The card reader is not working</source>
        <translation>读卡器暂时无法使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="63"/>
        <source>Please take your card. This terminal will try again by itself; you can also use another terminal or ask the staff.</source>
        <translation>请取回您的卡。本机会自动重试；您也可以使用其他自助机或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="73"/>
        <source>The card could not be read</source>
        <translation>无法读取这张卡</translation>
    </message>
    <message>
        <location filename="../messages.py" line="74"/>
        <source>Please take the card out and insert it again, chip first and facing up. If it still fails, ask at the staff counter.</source>
        <translation>请取出卡后重新插入，芯片朝前、正面朝上。如果仍然不行，请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="85"/>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location filename="../messages.py" line="86"/>
        <source>Tries left before the card is locked: %1</source>
        <translation>还可以再试 %1 次，之后卡将被锁定</translation>
    </message>
    <message>
        <location filename="../messages.py" line="95"/>
        <source>The card password is locked</source>
        <translation>卡密码已锁定</translation>
    </message>
    <message>
        <location filename="../messages.py" line="96"/>
        <source>Please bring your card and your ID card to a staff counter to unlock it.</source>
        <translation>请携带社保卡和身份证到人工窗口解锁。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="105"/>
        <source>This password cannot be used</source>
        <translation>不能使用这个密码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="106"/>
        <source>Please choose 6 digits that are not 123456.</source>
        <translation>请设置6位数字密码，不能是123456。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="115"/>
        <location filename="../messages.py" line="224"/>
        <source>This card cannot be used here</source>
        <translation>这张卡不能在本机使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="116"/>
        <source>The card could not be confirmed as a genuine social security card. Please ask at the staff counter.</source>
        <translation>无法确认这是一张真实有效的社保卡。请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="126"/>
        <source>This card has expired</source>
        <translation>这张卡已过有效期</translation>
    </message>
    <message>
        <location filename="../messages.py" line="127"/>
        <source>Please bring your ID card to a staff counter to get a new card.</source>
        <translation>请携带身份证到人工窗口换领新卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="136"/>
        <source>The service is not reachable</source>
        <translation>暂时无法连接服务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="137"/>
        <source>We cannot reach the social security office right now. Please try again in a few minutes.</source>
        <translation>暂时无法连接社保中心，请过几分钟再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="147"/>
        <source>Your session has ended</source>
        <translation>本次办理已结束</translation>
    </message>
    <message>
        <location filename="../messages.py" line="148"/>
        <source>For your safety the session was closed. Please take your card and insert it again.</source>
        <translation>为了您的安全，本次办理已关闭。请取出卡后重新插入。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="159"/>
        <source>This card was reported lost for a few days. You can cancel the loss report with your password.</source>
        <translation>这张卡已临时挂失。您可以输入密码解除挂失。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="165"/>
        <source>This card is no longer valid. Please bring your ID card to a staff counter.</source>
        <translation>这张卡已失效。请携带身份证到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="171"/>
        <source>This card cannot be used now</source>
        <translation>这张卡现在不能使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="178"/>
        <source>We could not find this</source>
        <translation>没有找到相关信息</translation>
    </message>
    <message>
        <location filename="../messages.py" line="179"/>
        <source>Please check the numbers and try again, or ask the staff.</source>
        <translation>请核对号码后再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="188"/>
        <source>Please wait a little</source>
        <translation>请稍等一会儿</translation>
    </message>
    <message>
        <location filename="../messages.py" line="189"/>
        <source>There were several tries in a short time. For your safety, please wait a few minutes and try again, or ask the staff.</source>
        <translation>短时间内尝试次数较多。为了您的安全，请过几分钟再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="200"/>
        <location filename="../messages.py" line="212"/>
        <source>This request is not possible</source>
        <translation>暂时不能办理此业务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="201"/>
        <source>The rules do not allow this request at the moment. The staff at the counter can explain why.</source>
        <translation>按照规定，目前不能办理此业务。人工窗口的工作人员可以为您说明原因。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="213"/>
        <source>A similar request is already under way, or your account does not allow it now. Please see “My requests”.</source>
        <translation>您已有相同的申请正在办理，或账户目前不允许办理。请查看“我的申请”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="225"/>
        <source>The card could not be confirmed with the social security office. Please ask at the staff counter.</source>
        <translation>社保中心无法确认这张卡。请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="235"/>
        <source>Please change your password first</source>
        <translation>请先修改密码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="238"/>
        <source>Your card still has the password it was issued with. Choose “Change password”, then make your request again.</source>
        <translation>您的卡仍在使用发卡时的初始密码。请选择“修改密码”，然后重新办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="249"/>
        <source>This terminal&apos;s clock is wrong, so your request was not accepted. Please tell the staff, or use another terminal.</source>
        <translation>本机时间有误，您的申请未被受理。请告知工作人员，或使用其他终端办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="255"/>
        <source>Your request waited too long to reach the social security office and was not accepted. Please make it again.</source>
        <translation>您的申请等待送达社保机构的时间过长，未被受理。请重新办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="261"/>
        <source>Your request was not accepted</source>
        <translation>您的申请未被受理</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../screens/names.py" line="12"/>
        <source>Pension</source>
        <translation>养老保险</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="13"/>
        <source>Medical</source>
        <translation>医疗保险</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="14"/>
        <source>Unemployment</source>
        <translation>失业保险</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="15"/>
        <source>Work injury</source>
        <translation>工伤保险</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="16"/>
        <source>Maternity</source>
        <translation>生育保险</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="24"/>
        <source>Insured</source>
        <translation>正常参保</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="25"/>
        <source>Paused</source>
        <translation>暂停缴费</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="26"/>
        <source>Not insured</source>
        <translation>未参保</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="34"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="35"/>
        <source>Under review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="36"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="37"/>
        <source>Rejected</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="38"/>
        <source>Funds transferred</source>
        <translation>资金已转移</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="39"/>
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="40"/>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="48"/>
        <source>Pension transfer</source>
        <translation>养老保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="49"/>
        <source>Medical insurance transfer</source>
        <translation>医疗保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="50"/>
        <source>Unemployment benefit</source>
        <translation>失业保险金申领</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="58"/>
        <source>New region reviews and sends consent</source>
        <translation>转入地审核并发出联系函</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="61"/>
        <source>Old region transfers the funds</source>
        <translation>转出地转移资金</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="64"/>
        <source>New region completes and notifies you</source>
        <translation>转入地办结并通知您</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="67"/>
        <source>Old region transfers out</source>
        <translation>转出地办理转出</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="68"/>
        <source>New region loads the account</source>
        <translation>转入地接续账户</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="69"/>
        <source>Review of your claim</source>
        <translation>审核申请</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="70"/>
        <source>Payment is set up</source>
        <translation>开始发放</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <location filename="../screens/overview.py" line="94"/>
        <source>Contributions per year (all insurances)</source>
        <translation>每年缴费金额（全部险种）</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="96"/>
        <source>Insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="97"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="98"/>
        <source>Balance</source>
        <translation>账户余额</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="99"/>
        <source>Years paid</source>
        <translation>缴费年限</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="104"/>
        <source>Contribution records</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="105"/>
        <source>Pension transfer</source>
        <translation>养老保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="106"/>
        <source>Medical insurance transfer</source>
        <translation>医疗保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="107"/>
        <source>Unemployment benefit</source>
        <translation>失业保险金申领</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="108"/>
        <source>My requests</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="109"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="110"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="124"/>
        <source>Hello, %1</source>
        <translation>%1，您好</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="127"/>
        <source>Card %1, valid until %2</source>
        <translation>社保卡号 %1，有效期至 %2</translation>
    </message>
</context>
<context>
    <name>PinChangeScreen</name>
    <message>
        <location filename="../screens/pin_change.py" line="84"/>
        <source>Please choose a new card password</source>
        <translation>请设置新的卡密码</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="86"/>
        <source>Change the card password</source>
        <translation>修改卡密码</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="89"/>
        <source>Enter your current password</source>
        <translation>请输入当前密码</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="90"/>
        <source>Enter a new password of 6 digits (not 123456)</source>
        <translation>请输入6位新密码（不能是123456）</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="91"/>
        <source>Enter the new password again</source>
        <translation>请再输入一次新密码</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="94"/>
        <source>Changing the password…</source>
        <translation>正在修改密码…</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="97"/>
        <source>This password is too easy to guess. Choose another.</source>
        <translation>这个密码太容易被猜到，请换一个。</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="98"/>
        <source>The two passwords were not the same. Try again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="99"/>
        <source>The current password was wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="102"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="104"/>
        <source>Cancel and take my card</source>
        <translation>取消并取卡</translation>
    </message>
    <message>
        <location filename="../screens/pin_change.py" line="104"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../screens/pin.py" line="51"/>
        <source>Please enter your card password</source>
        <translation>请输入社保卡密码</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="53"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="55"/>
        <source>6 digits. Nobody else can see them.</source>
        <translation>6位数字，输入时他人看不到。</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="61"/>
        <source>Wrong password. Tries left: %1</source>
        <translation>密码错误，还可以再试 %1 次</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="65"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="66"/>
        <source>Cancel and take my card</source>
        <translation>取消并取卡</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../screens/reading.py" line="43"/>
        <source>Reading your card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="44"/>
        <source>Please do not take the card out.</source>
        <translation>请不要取出卡片。</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="46"/>
        <source>Reading the card</source>
        <translation>读取卡片信息</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="47"/>
        <source>Checking the card is genuine</source>
        <translation>核验卡片真伪</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="48"/>
        <source>Asking the social security office</source>
        <translation>连接社保中心</translation>
    </message>
    <message>
        <location filename="../screens/reading.py" line="49"/>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../screens/receipt.py" line="137"/>
        <source>From %1 to %2</source>
        <translation>从 %1 转至 %2</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="145"/>
        <source>• %1 — by %2</source>
        <translation>• %1 —— %2 前</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="90"/>
        <source>Back to my account</source>
        <translation>返回我的账户</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="91"/>
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="94"/>
        <source>Scan to follow your request at home</source>
        <translation>扫码可在家查询办理进度</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="111"/>
        <source>Your pension transfer request</source>
        <translation>您的养老保险关系转移申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="112"/>
        <source>Your medical insurance transfer request</source>
        <translation>您的医疗保险关系转移申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="113"/>
        <source>Your unemployment benefit claim</source>
        <translation>您的失业保险金申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="114"/>
        <source>Your card password was changed.</source>
        <translation>您的卡密码已修改。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="116"/>
        <source>Your loss report is cancelled. The card works again.</source>
        <translation>挂失已解除，卡可以正常使用了。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="119"/>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="122"/>
        <source>Reference number: %1</source>
        <translation>业务编号：%1</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="128"/>
        <source>The office cannot be reached right now. Your request is saved in this terminal and will be sent automatically.</source>
        <translation>暂时无法连接社保中心。您的申请已保存在本机，连通后会自动发送。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="132"/>
        <source>Next step by %1.</source>
        <translation>下一步将于 %1 前完成。</translation>
    </message>
</context>
<context>
    <name>RefusedScreen</name>
    <message>
        <location filename="../screens/refused.py" line="50"/>
        <source>Please bring your ID card to a staff counter.</source>
        <translation>请携带身份证到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="53"/>
        <source>This card could not be confirmed as genuine.</source>
        <translation>无法确认这张卡是真实有效的。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="57"/>
        <source>This card has expired.</source>
        <translation>这张卡已过有效期。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="59"/>
        <source>Please bring your ID card to a staff counter to get a new card.</source>
        <translation>请携带身份证到人工窗口换领新卡。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="63"/>
        <source>This card was reported lost and can no longer be used.</source>
        <translation>这张卡已正式挂失，不能再使用。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="67"/>
        <source>This card was reported lost for a few days.</source>
        <translation>这张卡已临时挂失。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="69"/>
        <source>If you have found it, you can cancel the loss report now with your card password.</source>
        <translation>如果您已找回卡片，可以现在输入卡密码解除挂失。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="74"/>
        <source>The social security office does not know this card.</source>
        <translation>社保中心没有这张卡的登记信息。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="78"/>
        <source>The card could not be read.</source>
        <translation>无法读取这张卡。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="80"/>
        <source>Take the card out and insert it again, chip first and facing up.</source>
        <translation>请取出卡后重新插入，芯片朝前、正面朝上。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="84"/>
        <source>The card password is locked after too many wrong tries.</source>
        <translation>密码输错次数过多，卡密码已锁定。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="86"/>
        <source>Please bring the card and your ID card to a staff counter to unlock it.</source>
        <translation>请携带社保卡和身份证到人工窗口解锁。</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="93"/>
        <source>This card cannot be used now</source>
        <translation>这张卡现在不能使用</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="97"/>
        <source>Cancel the loss report</source>
        <translation>解除挂失</translation>
    </message>
    <message>
        <location filename="../screens/refused.py" line="99"/>
        <source>Take my card and finish</source>
        <translation>取卡并结束</translation>
    </message>
</context>
<context>
    <name>RequestsScreen</name>
    <message>
        <location filename="../screens/requests.py" line="72"/>
        <source>My requests</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="73"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="75"/>
        <source>You have no requests yet.</source>
        <translation>您还没有申请记录。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="77"/>
        <source>Touch a request to see its steps.</source>
        <translation>点击一条申请查看办理进度。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="104"/>
        <source>by %1</source>
        <translation>（%1 前）</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="112"/>
        <source>Next: %1, by %2</source>
        <translation>下一步：%1，%2 前完成</translation>
    </message>
</context>
<context>
    <name>TransferScreen</name>
    <message>
        <location filename="../screens/transfer.py" line="130"/>
        <source>Pension transfer</source>
        <translation>养老保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="132"/>
        <source>Medical insurance transfer</source>
        <translation>医疗保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="135"/>
        <source>Where are you moving to? Touch the new region.</source>
        <translation>您要转到哪里？请点击新的参保地。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="137"/>
        <source>Confirm and apply</source>
        <translation>确认申请</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="138"/>
        <source>Choose another region</source>
        <translation>重新选择地区</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="139"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="157"/>
        <source>Nothing moves now: your pension and its money stay in %1.</source>
        <translation>现在不转移资金：您的养老保险关系和账户资金保留在 %1。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="162"/>
        <source>Because of your age and hukou, your pension stays registered at %1; %2 opens a temporary account for your new payments.</source>
        <translation>根据您的年龄和户籍，养老保险关系保留在 %1；%2 为您建立临时缴费账户，记录今后的缴费。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="171"/>
        <source>%1 will move from %2 to %3.</source>
        <translation>将有 %1 从 %2 转到 %3。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="177"/>
        <source>Your individual account: %1</source>
        <translation>个人账户：%1</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="185"/>
        <source>From the pooled fund (12% of your wages since 1998): %1</source>
        <translation>统筹基金（1998年以来缴费工资的12%）：%1</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="193"/>
        <source>within %1 working days</source>
        <translation>%1 个工作日内</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="199"/>
        <source>About %1 working days in all:</source>
        <translation>全部办完约需 %1 个工作日：</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="212"/>
        <source>Your pension will be paid in %1, your hukou region, because your pension is registered there.</source>
        <translation>您的养老金将在户籍地 %1 领取，因为您的养老保险关系在那里。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="216"/>
        <source>Your pension will be paid in %1, because you have paid 10 years or more there.</source>
        <translation>您的养老金将在 %1 领取，因为您在那里累计缴费满10年。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="220"/>
        <source>Your pension will be paid in %1: it is the most recent place where you paid 10 years or more.</source>
        <translation>您的养老金将在 %1 领取：那是您最近一个累计缴费满10年的地方。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="224"/>
        <source>No place has 10 years of payments yet, so everything is gathered and paid in %1, your hukou region.</source>
        <translation>您在任何地方都还没有缴满10年，所以全部归集到户籍地 %1，并在那里领取。</translation>
    </message>
</context>
<context>
    <name>UnemploymentScreen</name>
    <message>
        <location filename="../screens/unemployment.py" line="141"/>
        <source>Unemployment benefit</source>
        <translation>失业保险金申领</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="142"/>
        <source>Last day of work</source>
        <translation>最后工作日</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="143"/>
        <source>Why did the job end?</source>
        <translation>离职原因</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="145"/>
        <source>Dismissed by the employer</source>
        <translation>被单位解除劳动合同</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="146"/>
        <source>Contract ended</source>
        <translation>劳动合同到期</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="147"/>
        <source>Employer closed</source>
        <translation>单位关闭或破产</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="148"/>
        <source>I resigned</source>
        <translation>本人辞职</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="153"/>
        <source>I am registered as unemployed and looking for work</source>
        <translation>我已办理失业登记，并有求职要求</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="155"/>
        <source>Apply</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="156"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="159"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="163"/>
        <source>You can apply.</source>
        <translation>您可以申请。</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="165"/>
        <source>You cannot apply at the moment.</source>
        <translation>您目前还不能申请。</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="168"/>
        <source>Contributions paid: %1 years</source>
        <translation>已缴费 %1 年</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="171"/>
        <source>Benefit for up to %1 months</source>
        <translation>最长可领取 %1 个月</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="175"/>
        <source>About %1 per month</source>
        <translation>每月约 %1</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="178"/>
        <source>At least one year of contributions is needed.</source>
        <translation>需要累计缴费满1年。</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../screens/welcome.py" line="59"/>
        <source>Social Security Self-Service</source>
        <translation>社会保障自助服务</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="60"/>
        <source>Please insert your social security card</source>
        <translation>请插入您的社会保障卡</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="61"/>
        <source>Chip first, facing up. The screen will guide you.</source>
        <translation>芯片朝前、正面朝上插入，屏幕会一步步引导您。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="64"/>
        <source>中文</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="65"/>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="66"/>
        <source>Report a lost card</source>
        <translation>挂失社保卡</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="70"/>
        <source>The card reader is not working at the moment. Please use another terminal or ask the staff.</source>
        <translation>读卡器暂时无法使用，请使用其他自助机或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="77"/>
        <source>Your session ended because the screen was not touched.</source>
        <translation>因长时间没有操作，本次办理已自动结束。</translation>
    </message>
</context>
</TS>

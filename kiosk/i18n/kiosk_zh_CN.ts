<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Certificate</name>
    <message>
        <location filename="../certificate_pdf.py" line="65"/>
        <location filename="../certificate_pdf.py" line="104"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="109"/>
        <source>Name: %1</source>
        <translation>姓名：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="112"/>
        <source>ID number: %1</source>
        <translation>身份证号：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="115"/>
        <source>Issued: %1</source>
        <translation>开具时间：%1</translation>
    </message>
    <message>
        <location filename="../certificate_pdf.py" line="145"/>
        <source>Verification code: %1
Scan the code or visit the address to check this certificate.</source>
        <translation>验证码：%1
扫描二维码或访问下方网址可核验本证明。</translation>
    </message>
</context>
<context>
    <name>CertificateScreen</name>
    <message>
        <location filename="../screens/certificate.py" line="83"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="84"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="85"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="87"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="89"/>
        <source>The certificate could not be printed. Please ask at the staff counter.</source>
        <translation>参保证明未能打印，请到服务窗口咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="91"/>
        <source>Please take the certificate from the printer.</source>
        <translation>请从打印机取走参保证明。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="93"/>
        <source>No printer here: the certificate was saved. The staff can print it for you.</source>
        <translation>本机没有打印机，证明已保存，工作人员可以为您打印。</translation>
    </message>
    <message>
        <location filename="../screens/certificate.py" line="114"/>
        <source>Verification code: %1</source>
        <translation>验证码：%1</translation>
    </message>
</context>
<context>
    <name>ContributionsScreen</name>
    <message>
        <location filename="../screens/contributions.py" line="218"/>
        <source>Contribution records</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="221"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="222"/>
        <source>Insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="223"/>
        <source>Region</source>
        <translation>参保地</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="224"/>
        <source>Employer</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="225"/>
        <location filename="../screens/contributions.py" line="233"/>
        <source>You paid</source>
        <translation>个人缴纳</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="226"/>
        <location filename="../screens/contributions.py" line="234"/>
        <source>Employer paid</source>
        <translation>单位缴纳</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="231"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="232"/>
        <source>Paid for</source>
        <translation>缴费时长</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="241"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="247"/>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="248"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="249"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="251"/>
        <source>All insurances</source>
        <translation>全部险种</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="253"/>
        <source>All years</source>
        <translation>全部年份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="255"/>
        <source>Year %1</source>
        <translation>%1年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="257"/>
        <source>Earlier year</source>
        <translation>上一年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="258"/>
        <source>Later year</source>
        <translation>下一年</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="259"/>
        <source>Show all years</source>
        <translation>显示全部年份</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="265"/>
        <source>No records for this choice</source>
        <translation>没有符合条件的缴费记录</translation>
    </message>
    <message>
        <location filename="../screens/contributions.py" line="268"/>
        <source>Touch a year to see its months</source>
        <translation>点击年份查看当年每月的缴费记录</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../dialogs.py" line="80"/>
        <source>Help</source>
        <translation>求助</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="82"/>
        <source>A member of staff has been called and will come to you.</source>
        <translation>已通知工作人员，请在本机旁稍候。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="86"/>
        <source>Insert your card chip first, type your password on the screen, then touch what you want to do. “Back” goes one step back; “Finish and take my card” ends at any time.</source>
        <translation>请将社保卡芯片朝前插入，在屏幕上输入密码，再点击要办理的业务。“返回”回到上一步；随时可以点“结束并取卡”。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="91"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>IdleDialog</name>
    <message>
        <location filename="../dialogs.py" line="50"/>
        <source>Are you still there?</source>
        <translation>您还在办理吗？</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="52"/>
        <source>The session ends in %1 seconds.</source>
        <translation>%1秒后将自动退出。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="54"/>
        <source>Continue</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="55"/>
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
</context>
<context>
    <name>LossReportScreen</name>
    <message>
        <location filename="../screens/loss_report.py" line="127"/>
        <source>Report a lost card</source>
        <translation>挂失社保卡</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="128"/>
        <source>Your ID number (18 characters)</source>
        <translation>您的身份证号码（18位）</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="129"/>
        <source>Last 4 digits of your registered mobile</source>
        <translation>登记手机号的后4位</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="130"/>
        <source>Report lost</source>
        <translation>确认挂失</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="132"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="132"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/loss_report.py" line="140"/>
        <source>Card %1 is now blocked. The block ends by itself on %2, or cancel it here with the card and its password. For a new card please go to a staff counter.</source>
        <translation>卡 %1 已临时挂失。挂失将于 %2 自动解除，您也可以插卡并输入密码在本机解除。如需补办新卡，请到人工窗口办理。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../window.py" line="301"/>
        <source>Social Security Self-Service</source>
        <translation>社会保障自助服务</translation>
    </message>
    <message>
        <location filename="../window.py" line="302"/>
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
    <message>
        <location filename="../window.py" line="303"/>
        <source>Help</source>
        <translation>求助</translation>
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
        <location filename="../messages.py" line="45"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location filename="../messages.py" line="46"/>
        <source>Please take your card and try again. If it happens again, please ask at the staff counter.</source>
        <translation>请取回您的卡后再试一次。如果再次出现，请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="56"/>
        <source>The card was taken out</source>
        <translation>卡已被取出</translation>
    </message>
    <message>
        <location filename="../messages.py" line="57"/>
        <source>Nothing was changed. Insert your card again to start over.</source>
        <translation>没有做任何更改。请重新插卡开始办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="65"/>
        <source>The card reader is not working</source>
        <translation>读卡器暂时无法使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="66"/>
        <source>Please take your card. This terminal will try again by itself; you can also use another terminal or ask the staff.</source>
        <translation>请取回您的卡。本机会自动重试；您也可以使用其他自助机或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="76"/>
        <source>The card could not be read</source>
        <translation>无法读取这张卡</translation>
    </message>
    <message>
        <location filename="../messages.py" line="77"/>
        <source>Please take the card out and insert it again, chip first and facing up. If it still fails, ask at the staff counter.</source>
        <translation>请取出卡后重新插入，芯片朝前、正面朝上。如果仍然不行，请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="88"/>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location filename="../messages.py" line="89"/>
        <source>Tries left before the card is locked: %1</source>
        <translation>还可以再试 %1 次，之后卡将被锁定</translation>
    </message>
    <message>
        <location filename="../messages.py" line="98"/>
        <source>The card password is locked</source>
        <translation>卡密码已锁定</translation>
    </message>
    <message>
        <location filename="../messages.py" line="99"/>
        <source>Please bring your card and your ID card to a staff counter to unlock it.</source>
        <translation>请携带社保卡和身份证到人工窗口解锁。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="108"/>
        <source>This password cannot be used</source>
        <translation>不能使用这个密码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="109"/>
        <source>Please choose 6 digits that are not 123456.</source>
        <translation>请设置6位数字密码，不能是123456。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="118"/>
        <location filename="../messages.py" line="379"/>
        <source>This card cannot be used here</source>
        <translation>这张卡不能在本机使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="119"/>
        <source>The card could not be confirmed as a genuine social security card. Please ask at the staff counter.</source>
        <translation>无法确认这是一张真实有效的社保卡。请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="129"/>
        <source>This card has expired</source>
        <translation>这张卡已过有效期</translation>
    </message>
    <message>
        <location filename="../messages.py" line="130"/>
        <source>Please bring your ID card to a staff counter to get a new card.</source>
        <translation>请携带身份证到人工窗口换领新卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="139"/>
        <source>The service is not reachable</source>
        <translation>暂时无法连接服务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="140"/>
        <source>We cannot reach the social security office right now. Please try again in a few minutes.</source>
        <translation>暂时无法连接社保中心，请过几分钟再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="150"/>
        <source>The office is answering slowly</source>
        <translation>社保中心响应较慢</translation>
    </message>
    <message>
        <location filename="../messages.py" line="151"/>
        <source>Nothing was changed. Please try again in a few minutes.</source>
        <translation>没有做任何更改，请过几分钟再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="160"/>
        <source>The connection to the office is not safe</source>
        <translation>与社保中心的连接不安全</translation>
    </message>
    <message>
        <location filename="../messages.py" line="163"/>
        <source>For your safety nothing was sent. Please use another terminal or ask the staff.</source>
        <translation>为了您的安全，没有发送任何信息。请使用其他自助机或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="173"/>
        <source>The office&apos;s answer could not be read</source>
        <translation>无法识别社保中心的答复</translation>
    </message>
    <message>
        <location filename="../messages.py" line="176"/>
        <source>Nothing was changed. Please try again later, or ask the staff.</source>
        <translation>没有做任何更改。请稍后再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="186"/>
        <source>Your request could not be kept</source>
        <translation>申请未能保存</translation>
    </message>
    <message>
        <location filename="../messages.py" line="187"/>
        <source>This terminal could not store your request, so nothing was sent. Please ask the staff for help.</source>
        <translation>本机未能保存您的申请，因此没有发送。请找工作人员帮助。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="198"/>
        <source>The office could not accept this request</source>
        <translation>社保中心无法受理这项申请</translation>
    </message>
    <message>
        <location filename="../messages.py" line="201"/>
        <source>Please check what you chose and try again, or ask the staff.</source>
        <translation>请核对您的选择后再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="210"/>
        <source>This terminal is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="211"/>
        <source>Please take your card and use another terminal, or ask the staff.</source>
        <translation>请取回社保卡，使用其他自助机，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="220"/>
        <source>Your session has ended</source>
        <translation>本次办理已结束</translation>
    </message>
    <message>
        <location filename="../messages.py" line="221"/>
        <source>For your safety the session was closed. Please take your card and insert it again.</source>
        <translation>为了您的安全，本次办理已关闭。请取出卡后重新插入。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="231"/>
        <source>Your session belongs to another terminal</source>
        <translation>本次办理属于另一台自助机</translation>
    </message>
    <message>
        <location filename="../messages.py" line="234"/>
        <source>Please take your card and insert it again here.</source>
        <translation>请取出社保卡，在本机重新插卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="242"/>
        <source>Only the staff can do this</source>
        <translation>这项业务只能由工作人员办理</translation>
    </message>
    <message>
        <location filename="../messages.py" line="243"/>
        <source>Please ask at the staff counter.</source>
        <translation>请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="250"/>
        <source>A staff sign-in is needed</source>
        <translation>需要工作人员登录</translation>
    </message>
    <message>
        <location filename="../messages.py" line="251"/>
        <source>This is done at the staff station. Please ask the staff.</source>
        <translation>这项业务在工作人员终端办理，请咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="260"/>
        <source>This is not allowed here</source>
        <translation>本机不能办理这项业务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="261"/>
        <source>The staff at the counter can help you with it.</source>
        <translation>人工窗口的工作人员可以为您办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="271"/>
        <source>This card was reported lost for a few days. You can cancel the loss report with your password.</source>
        <translation>这张卡已临时挂失。您可以输入密码解除挂失。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="277"/>
        <source>This card is no longer valid. Please bring your ID card to a staff counter.</source>
        <translation>这张卡已失效。请携带身份证到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="283"/>
        <source>This card cannot be used now</source>
        <translation>这张卡现在不能使用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="290"/>
        <source>The check took too long</source>
        <translation>核验时间过长</translation>
    </message>
    <message>
        <location filename="../messages.py" line="291"/>
        <source>Please take your card and insert it again.</source>
        <translation>请取出社保卡后重新插入。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="299"/>
        <source>This check was already used</source>
        <translation>本次核验已使用过</translation>
    </message>
    <message>
        <location filename="../messages.py" line="300"/>
        <source>For your safety, please take your card and insert it again.</source>
        <translation>为了您的安全，请取出社保卡后重新插入。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="309"/>
        <source>The check was started at another terminal</source>
        <translation>核验是在另一台自助机上开始的</translation>
    </message>
    <message>
        <location filename="../messages.py" line="312"/>
        <source>Please take your card and insert it again at this terminal.</source>
        <translation>请取出社保卡，在本机重新插卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="320"/>
        <source>The card changed during the check</source>
        <translation>核验过程中卡片被更换</translation>
    </message>
    <message>
        <location filename="../messages.py" line="323"/>
        <source>Please take the card out and insert only your own card again.</source>
        <translation>请取出卡片，只插入您本人的社保卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="332"/>
        <source>Your card&apos;s confirmation was not accepted</source>
        <translation>社保卡的确认未被接受</translation>
    </message>
    <message>
        <location filename="../messages.py" line="335"/>
        <source>The office could not confirm this card. Please ask at the staff counter.</source>
        <translation>社保中心无法确认这张卡，请到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="344"/>
        <source>This request is too large</source>
        <translation>申请内容过大</translation>
    </message>
    <message>
        <location filename="../messages.py" line="345"/>
        <source>The office could not take a request this large. Nothing was submitted. Please ask the staff.</source>
        <translation>社保中心无法受理这么大的申请，未提交任何内容。请咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="356"/>
        <source>Please try that again</source>
        <translation>请再试一次</translation>
    </message>
    <message>
        <location filename="../messages.py" line="357"/>
        <source>The card check was made for another step. Please take out your card and insert it again.</source>
        <translation>卡片验证用于了另一个步骤。请取出社保卡后重新插入。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="367"/>
        <source>This request could not be sent</source>
        <translation>这项申请无法发送</translation>
    </message>
    <message>
        <location filename="../messages.py" line="368"/>
        <source>It was made on another card or terminal. Nothing was submitted for you. Please start the request again.</source>
        <translation>它是在另一张卡或另一台终端上生成的，没有为您提交任何内容。请重新办理这项申请。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="390"/>
        <source>We could not find this</source>
        <translation>没有找到相关信息</translation>
    </message>
    <message>
        <location filename="../messages.py" line="391"/>
        <source>Please check the numbers and try again, or ask the staff.</source>
        <translation>请核对号码后再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="400"/>
        <source>Please change your password first</source>
        <translation>请先修改密码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="403"/>
        <source>Your card still has the password it was issued with. Choose “Change password”, then make your request again.</source>
        <translation>您的卡仍在使用发卡时的初始密码。请选择“修改密码”，然后重新办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="416"/>
        <source>There were several tries in a short time. For your safety, please wait %1 minutes and try again, or ask the staff.</source>
        <translation>短时间内尝试次数较多。为了您的安全，请等%1分钟后再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="429"/>
        <source>Please wait a little</source>
        <translation>请稍等一会儿</translation>
    </message>
    <message>
        <location filename="../messages.py" line="509"/>
        <source>A request of this kind is already under way</source>
        <translation>已有一笔同类申请正在办理</translation>
    </message>
    <message>
        <location filename="../messages.py" line="512"/>
        <source>Reference %1. You can follow it under “My requests”.</source>
        <translation>业务编号%1。您可以在“我的申请”中查看办理进度。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="520"/>
        <source>This cannot be done now</source>
        <translation>目前不能办理</translation>
    </message>
    <message>
        <location filename="../messages.py" line="521"/>
        <source>Your account does not allow it at the moment. The staff can explain why.</source>
        <translation>您的账户目前不能办理这项业务，工作人员可以为您说明原因。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="533"/>
        <source>This request changed while it was sent</source>
        <translation>申请在发送过程中发生了变化</translation>
    </message>
    <message>
        <location filename="../messages.py" line="536"/>
        <source>Nothing was submitted twice. Please start the request again.</source>
        <translation>申请没有重复提交，请重新办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="546"/>
        <source>This terminal&apos;s clock is wrong, so your request was not accepted. Please tell the staff, or use another terminal.</source>
        <translation>本机时间有误，您的申请未被受理。请告知工作人员，或使用其他终端办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="552"/>
        <source>Your request waited too long to reach the social security office and was not accepted. Please make it again.</source>
        <translation>您的申请等待送达社保机构的时间过长，未被受理。请重新办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="558"/>
        <source>Your request was not accepted</source>
        <translation>您的申请未被受理</translation>
    </message>
    <message>
        <location filename="../messages.py" line="566"/>
        <source>The office has a problem</source>
        <translation>社保中心系统出现问题</translation>
    </message>
    <message>
        <location filename="../messages.py" line="567"/>
        <source>Nothing was changed. Please try again later; the staff have been told.</source>
        <translation>没有做任何更改。请稍后再试，工作人员已收到通知。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="422"/>
        <source>There were several tries in a short time. For your safety, please wait a few minutes and try again, or ask the staff.</source>
        <translation>短时间内尝试次数较多。为了您的安全，请过几分钟再试，或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="442"/>
        <source>Not enough contributions yet</source>
        <translation>缴费时间还不够</translation>
    </message>
    <message>
        <location filename="../messages.py" line="443"/>
        <source>Unemployment benefit needs at least 1 year of contributions since your last claim.</source>
        <translation>申领失业保险金，需要自上次申领以来累计缴费满1年。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="450"/>
        <source>No unemployment benefit after resigning</source>
        <translation>本人辞职不能申领失业保险金</translation>
    </message>
    <message>
        <location filename="../messages.py" line="453"/>
        <source>The benefit is for people who lost their job against their will. The staff can tell you about other help.</source>
        <translation>失业保险金只发给非本人意愿中断就业的人员。工作人员可以向您介绍其他帮助。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="460"/>
        <source>Please register as unemployed first</source>
        <translation>请先办理失业登记</translation>
    </message>
    <message>
        <location filename="../messages.py" line="463"/>
        <source>Register as unemployed and looking for work at the employment service counter, then apply here.</source>
        <translation>请先到就业服务窗口办理失业登记并提出求职要求，再来这里申请。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="470"/>
        <source>Your insurance is already in this region</source>
        <translation>您的参保关系已在这个地区</translation>
    </message>
    <message>
        <location filename="../messages.py" line="473"/>
        <source>Please choose the region you are moving to.</source>
        <translation>请选择您要转入的地区。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="478"/>
        <source>There is nothing to transfer</source>
        <translation>没有可以转移的参保关系</translation>
    </message>
    <message>
        <location filename="../messages.py" line="479"/>
        <source>You have no contributions of this insurance yet. The staff can explain.</source>
        <translation>您还没有这个险种的缴费记录，工作人员可以为您说明。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="486"/>
        <source>Your request is being sent</source>
        <translation>您的申请正在发送</translation>
    </message>
    <message>
        <location filename="../messages.py" line="487"/>
        <source>Please wait a moment, then look under “My requests”.</source>
        <translation>请稍等片刻，再到“我的申请”中查看。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="495"/>
        <source>This request is not possible</source>
        <translation>暂时不能办理此业务</translation>
    </message>
    <message>
        <location filename="../messages.py" line="496"/>
        <source>The rules do not allow this request at the moment. The staff at the counter can explain why.</source>
        <translation>按照规定，目前不能办理此业务。人工窗口的工作人员可以为您说明原因。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="380"/>
        <source>The card could not be confirmed with the social security office. Please ask at the staff counter.</source>
        <translation>社保中心无法确认这张卡。请到人工窗口咨询。</translation>
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
        <location filename="../screens/overview.py" line="98"/>
        <source>Contributions per year (all insurances)</source>
        <translation>每年缴费金额（全部险种）</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="100"/>
        <source>Insurance</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="101"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="102"/>
        <source>Balance</source>
        <translation>账户余额</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="103"/>
        <source>Years paid</source>
        <translation>缴费年限</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="108"/>
        <source>Contribution records</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="109"/>
        <source>Pension transfer</source>
        <translation>养老保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="110"/>
        <source>Medical transfer</source>
        <translation>医疗保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="111"/>
        <source>Unemployment benefit</source>
        <translation>失业保险金申领</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="112"/>
        <source>My requests</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="113"/>
        <source>Insurance certificate</source>
        <translation>参保证明</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="114"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="128"/>
        <source>Hello, %1</source>
        <translation>%1，您好</translation>
    </message>
    <message>
        <location filename="../screens/overview.py" line="131"/>
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
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
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
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
</context>
<context>
    <name>Provinces</name>
    <message>
        <location filename="../screens/names.py" line="78"/>
        <source>Beijing</source>
        <translation>北京市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="79"/>
        <source>Shanghai</source>
        <translation>上海市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="80"/>
        <source>Hubei</source>
        <translation>湖北省</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="81"/>
        <source>Hunan</source>
        <translation>湖南省</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="82"/>
        <source>Guangdong</source>
        <translation>广东省</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="83"/>
        <source>Sichuan</source>
        <translation>四川省</translation>
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
        <location filename="../screens/receipt.py" line="185"/>
        <source>From %1 to %2</source>
        <translation>从 %1 转至 %2</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="193"/>
        <source>• %1 — by %2</source>
        <translation>• %1 —— %2 前</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="123"/>
        <source>Back to my account</source>
        <translation>返回我的账户</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="124"/>
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="125"/>
        <source>Print receipt</source>
        <translation>打印回执</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="129"/>
        <source>Scan to follow your request at home</source>
        <translation>扫码可在家查询办理进度</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="146"/>
        <source>Your pension transfer request</source>
        <translation>您的养老保险关系转移申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="147"/>
        <source>Your medical insurance transfer request</source>
        <translation>您的医疗保险关系转移申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="148"/>
        <source>Your unemployment benefit claim</source>
        <translation>您的失业保险金申请</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="149"/>
        <source>Your card password was changed.</source>
        <translation>您的卡密码已修改。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="151"/>
        <source>Your loss report is cancelled. The card works again.</source>
        <translation>挂失已解除，卡可以正常使用了。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="156"/>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="156"/>
        <source>Request submitted</source>
        <translation>申请已提交</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="160"/>
        <source>Reference number: %1</source>
        <translation>业务编号：%1</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="168"/>
        <source>The office cannot be reached right now. Your request is saved in this terminal and will be sent automatically.</source>
        <translation>暂时无法连接社保中心。您的申请已保存在本机，连通后会自动发送。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="172"/>
        <source>Next step by %1.</source>
        <translation>下一步将于 %1 前完成。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="176"/>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="177"/>
        <source>Please take your receipt from the printer.</source>
        <translation>请从打印机取走回执。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="178"/>
        <source>No printer here: the staff can print your receipt.</source>
        <translation>本机没有打印机，回执已保存，工作人员可以为您打印。</translation>
    </message>
    <message>
        <location filename="../screens/receipt.py" line="179"/>
        <source>The receipt could not be printed.</source>
        <translation>回执未能打印。</translation>
    </message>
</context>
<context>
    <name>ReceiptSlip</name>
    <message>
        <location filename="../receipt_slip.py" line="35"/>
        <source>Social Security Self-Service</source>
        <translation>社会保障自助服务</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="37"/>
        <location filename="../receipt_slip.py" line="79"/>
        <source>Request submitted</source>
        <translation>申请已提交</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="39"/>
        <source>Reference number</source>
        <translation>业务编号</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="43"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="44"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="52"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="57"/>
        <source>From %1 to %2</source>
        <translation>从%1转至%2</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="63"/>
        <source>• %1 — by %2</source>
        <translation>• %1——%2前</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="68"/>
        <source>Next step by %1.</source>
        <translation>下一步将于%1前完成。</translation>
    </message>
    <message>
        <location filename="../receipt_slip.py" line="123"/>
        <source>Scan to follow your request at home</source>
        <translation>扫码在家查看办理进度</translation>
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
        <source>Finish and take my card</source>
        <translation>结束并取卡</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <location filename="../screens/names.py" line="92"/>
        <source>Beijing</source>
        <translation>北京市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="93"/>
        <source>Shanghai</source>
        <translation>上海市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="94"/>
        <source>Wuhan</source>
        <translation>武汉市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="95"/>
        <source>Changsha</source>
        <translation>长沙市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="96"/>
        <source>Guangzhou</source>
        <translation>广州市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="97"/>
        <source>Shenzhen</source>
        <translation>深圳市</translation>
    </message>
    <message>
        <location filename="../screens/names.py" line="98"/>
        <source>Chengdu</source>
        <translation>成都市</translation>
    </message>
</context>
<context>
    <name>RequestsScreen</name>
    <message>
        <location filename="../screens/requests.py" line="74"/>
        <source>My requests</source>
        <translation>我的申请</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="75"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="77"/>
        <source>You have no requests yet.</source>
        <translation>您还没有申请记录。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="79"/>
        <source>Touch a request to see its steps.</source>
        <translation>点击一条申请查看办理进度。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="97"/>
        <source>Move arranged by an organisation or personnel department: staff have not checked it yet.</source>
        <translation>经组织人事部门批准调动：待工作人员核对。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="101"/>
        <source>Move arranged by an organisation or personnel department: confirmed by staff, your pension moves with you.</source>
        <translation>经组织人事部门批准调动：工作人员已确认，您的养老保险关系随您转移。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="105"/>
        <source>Move arranged by an organisation or personnel department: not confirmed, the age rule applies.</source>
        <translation>经组织人事部门批准调动：未予确认，按年龄规定办理。</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="127"/>
        <source>by %1</source>
        <translation>（%1 前）</translation>
    </message>
    <message>
        <location filename="../screens/requests.py" line="135"/>
        <source>Next: %1, by %2</source>
        <translation>下一步：%1，%2 前完成</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../screens/take_card.py" line="46"/>
        <source>Please take your social security card</source>
        <translation>请取走您的社保卡</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="48"/>
        <source>Thank you. The screen returns to the start when the card is out.</source>
        <translation>谢谢！取出卡片后，屏幕会回到首页。</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="52"/>
        <source>Your card is still in the reader. Please take it with you, or ask the staff for help.</source>
        <translation>您的社保卡仍在读卡器中，请带走您的卡；如需帮助，请找工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="56"/>
        <source>Your session ended because the screen was not touched.</source>
        <translation>因长时间没有操作，本次办理已自动结束。</translation>
    </message>
</context>
<context>
    <name>TransferScreen</name>
    <message>
        <location filename="../screens/transfer.py" line="238"/>
        <source>Pension transfer</source>
        <translation>养老保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="240"/>
        <source>Medical insurance transfer</source>
        <translation>医疗保险关系转移</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="274"/>
        <source>Confirm and apply</source>
        <translation>确认申请</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="276"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="307"/>
        <source>Nothing moves now: your pension and its money stay in %1.</source>
        <translation>现在不转移资金：您的养老保险关系和账户资金保留在%1。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="310"/>
        <source>%1 will move from %2 to %3.</source>
        <translation>将有 %1 从 %2 转到 %3。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="320"/>
        <source>Your individual account: %1</source>
        <translation>个人账户：%1</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="328"/>
        <source>From the pooled fund (12% of your wages since 1998): %1</source>
        <translation>统筹基金（1998年以来缴费工资的12%）：%1</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="337"/>
        <source>This is a move within one province (%2). The national age rule for moves between provinces does not apply, so your pension and its money move with you.</source>
        <translation>这是省内转移（%2）。跨省流动就业的年龄规定不适用，您的养老保险关系和资金随您转移。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="342"/>
        <source>This is a move between provinces, back into your hukou province (%2). Your pension and its money move with you, whatever your age.</source>
        <translation>这是跨省转移，回到您的户籍所在省（%2）。无论年龄，您的养老保险关系和资金都随您转移。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="347"/>
        <source>This is a move between provinces, from %1 to %2; your hukou province is %3. Your pension and its money move with you.</source>
        <translation>这是跨省转移，从%1转到%2；您的户籍所在省是%3。您的养老保险关系和资金随您转移。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="351"/>
        <source>This is a move between provinces, from %1 to %2, and %2 is not your hukou province (%3). At your age (men 50 or over, women 40 or over) your pension stays registered in %4; %5 opens a temporary account for your new payments.</source>
        <translation>这是跨省转移，从%1转到%2，%2不是您的户籍所在省（%3）。按您的年龄（男性年满50周岁、女性年满40周岁），养老保险关系保留在%4；%5为您建立临时缴费账户，记录今后的缴费。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="357"/>
        <source>This is a move between provinces arranged by an organisation or personnel department, as staff have confirmed: the age rule does not apply, so your pension and its money move with you.</source>
        <translation>这是经组织人事部门批准调动的跨省转移，已由工作人员确认：不受年龄规定限制，您的养老保险关系和资金随您转移。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="377"/>
        <source>You said an organisation or personnel department arranged your move. It changes nothing here: the age rule does not apply to this move.</source>
        <translation>您说明了本次调动经组织人事部门批准。这对本次转移没有影响：本次转移不适用年龄规定。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="382"/>
        <source>You said an organisation or personnel department arranged your move. Staff will check the approval: if they confirm it, the age rule does not apply and instead: %1 Until then, what is shown above holds.</source>
        <translation>您说明了本次调动经组织人事部门批准。工作人员将审核批准文件：确认后不受年龄规定限制，改为：%1 确认之前，以上内容有效。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="394"/>
        <source>within %1 working days</source>
        <translation>%1 个工作日内</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="400"/>
        <source>About %1 working days in all:</source>
        <translation>全部办完约需 %1 个工作日：</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="411"/>
        <source>Your pension will be paid in %1: your pension is registered there, in your hukou province (%2).</source>
        <translation>您的养老金将在%1领取：您的养老保险关系在那里，属于您的户籍所在省（%2）。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="423"/>
        <source>No place has 10 years of payments yet, so everything is gathered and paid in your hukou province (%2), at %1.</source>
        <translation>目前没有一个地方累计缴费满10年，因此全部归集到您的户籍所在省（%2）的%1，并在那里领取。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="415"/>
        <source>Your pension will be paid in %1, because you have paid 10 years or more there.</source>
        <translation>您的养老金将在%1领取，因为您在那里累计缴费满10年。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="243"/>
        <source>Where are you moving to? Touch the province.</source>
        <translation>您要转到哪里？请先点击省份。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="244"/>
        <source>Touch the city in %1.</source>
        <translation>请点击%1的城市。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="252"/>
        <source>Your insurance is in %1 now, so it is not in the list.</source>
        <translation>您现在的参保地是%1，所以不在列表中。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="266"/>
        <source>An organisation or personnel department arranged my move</source>
        <translation>我是经组织人事部门批准调动的</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="270"/>
        <source>Tick this only if you have the approval of your transfer: staff will check it.</source>
        <translation>仅在您持有调动批准文件时勾选：工作人员将审核。</translation>
    </message>
    <message>
        <location filename="../screens/transfer.py" line="419"/>
        <source>Your pension will be paid in %1: it is the most recent place where you paid 10 years or more.</source>
        <translation>您的养老金将在%1领取：那是您最近一个累计缴费满10年的地方。</translation>
    </message>
</context>
<context>
    <name>UnemploymentScreen</name>
    <message>
        <location filename="../screens/unemployment.py" line="174"/>
        <source>Unemployment benefit</source>
        <translation>失业保险金申领</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="175"/>
        <source>Last day of work</source>
        <translation>最后工作日</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="177"/>
        <source>Why did the job end?</source>
        <translation>离职原因</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="179"/>
        <source>Dismissed by the employer</source>
        <translation>被单位解除劳动合同</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="180"/>
        <source>Contract ended</source>
        <translation>劳动合同到期</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="181"/>
        <source>Employer closed</source>
        <translation>单位关闭或破产</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="182"/>
        <source>I resigned</source>
        <translation>本人辞职</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="187"/>
        <source>I am registered as unemployed and looking for work</source>
        <translation>我已办理失业登记，并有求职要求</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="189"/>
        <source>Apply</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="190"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="193"/>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="200"/>
        <source>You can apply.</source>
        <translation>您可以申请。</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="202"/>
        <source>You cannot apply at the moment.</source>
        <translation>您目前还不能申请。</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="208"/>
        <source>Contributions paid: %1</source>
        <translation>已缴费%1</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="214"/>
        <source>Benefit for up to %1 months</source>
        <translation>最长可领取 %1 个月</translation>
    </message>
    <message>
        <location filename="../screens/unemployment.py" line="218"/>
        <source>About %1 per month</source>
        <translation>每月约 %1</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../screens/welcome.py" line="20"/>
        <source>This terminal is not set up correctly. Please ask the staff for help.</source>
        <translation>本机尚未设置妥当，请联系工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="26"/>
        <source>This terminal is temporarily out of service. Please use another terminal or come back later.</source>
        <translation>本机暂停服务，请使用其他自助终端或稍后再来。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="120"/>
        <source>Social Security Self-Service</source>
        <translation>社会保障自助服务</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="121"/>
        <source>Please insert your social security card</source>
        <translation>请插入您的社会保障卡</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="122"/>
        <source>Chip first, facing up. The screen will guide you.</source>
        <translation>芯片朝前、正面朝上插入，屏幕会一步步引导您。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="125"/>
        <source>中文</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="128"/>
        <source>Large text: on</source>
        <translation>大字模式：开</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="128"/>
        <source>Large text: off</source>
        <translation>大字模式：关</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="130"/>
        <source>Report a lost card</source>
        <translation>挂失社保卡</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="136"/>
        <source>The card reader is not working at the moment. Please use another terminal or ask the staff.</source>
        <translation>读卡器暂时无法使用，请使用其他自助机或咨询工作人员。</translation>
    </message>
    <message>
        <location filename="../screens/welcome.py" line="143"/>
        <source>Your session ended because the screen was not touched.</source>
        <translation>因长时间没有操作，本次办理已自动结束。</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditAction</name>
    <message>
        <location filename="../wording.py" line="64"/>
        <source>Staff login</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <location filename="../wording.py" line="65"/>
        <source>Resident registered</source>
        <translation>登记参保人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="66"/>
        <source>Card number given</source>
        <translation>分配卡号</translation>
    </message>
    <message>
        <location filename="../wording.py" line="67"/>
        <source>Card key certified</source>
        <translation>签发卡片证书</translation>
    </message>
    <message>
        <location filename="../wording.py" line="68"/>
        <source>Card issued</source>
        <translation>启用新卡</translation>
    </message>
    <message>
        <location filename="../wording.py" line="69"/>
        <source>Card replaced</source>
        <translation>旧卡被补换</translation>
    </message>
    <message>
        <location filename="../wording.py" line="70"/>
        <source>Formal loss report</source>
        <translation>正式挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="71"/>
        <source>Card revoked</source>
        <translation>注销</translation>
    </message>
    <message>
        <location filename="../wording.py" line="72"/>
        <source>Temporary loss lifted at the counter</source>
        <translation>窗口解除临时挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="75"/>
        <source>Temporary loss reported</source>
        <translation>临时挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="78"/>
        <source>Temporary loss lifted by the holder</source>
        <translation>持卡人解除临时挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="81"/>
        <source>Temporary loss lapsed</source>
        <translation>临时挂失到期自动解除</translation>
    </message>
    <message>
        <location filename="../wording.py" line="82"/>
        <source>Password reset at the counter</source>
        <translation>窗口重置密码</translation>
    </message>
    <message>
        <location filename="../wording.py" line="83"/>
        <source>Password changed by the holder</source>
        <translation>持卡人修改密码</translation>
    </message>
    <message>
        <location filename="../wording.py" line="84"/>
        <source>Insurance certificate</source>
        <translation>开具参保证明</translation>
    </message>
    <message>
        <location filename="../wording.py" line="85"/>
        <source>Request submitted</source>
        <translation>业务申请提交</translation>
    </message>
    <message>
        <location filename="../wording.py" line="86"/>
        <source>Request under review</source>
        <translation>业务开始审核</translation>
    </message>
    <message>
        <location filename="../wording.py" line="87"/>
        <source>Request approved</source>
        <translation>业务已批准</translation>
    </message>
    <message>
        <location filename="../wording.py" line="88"/>
        <source>Request rejected</source>
        <translation>业务已驳回</translation>
    </message>
    <message>
        <location filename="../wording.py" line="89"/>
        <source>Request funds transferred</source>
        <translation>业务资金已划转</translation>
    </message>
    <message>
        <location filename="../wording.py" line="92"/>
        <source>Request completed</source>
        <translation>业务已办结</translation>
    </message>
    <message>
        <location filename="../wording.py" line="93"/>
        <source>Staff account set</source>
        <translation>设置工作人员账号</translation>
    </message>
    <message>
        <location filename="../wording.py" line="94"/>
        <source>Kiosk registered</source>
        <translation>登记自助终端</translation>
    </message>
    <message>
        <location filename="../wording.py" line="95"/>
        <source>Kiosk withdrawn</source>
        <translation>停用自助终端</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../pages/audit.py" line="109"/>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="109"/>
        <source>Narrow to</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="110"/>
        <source>Operator (user name)</source>
        <translation>操作员（用户名）</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="111"/>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="112"/>
        <source>Every action</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="116"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="119"/>
        <source>Time (%1)</source>
        <translation>时间（%1）</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="120"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="121"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="122"/>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="123"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="168"/>
        <source>%1 entries</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <location filename="../pages/audit.py" line="171"/>
        <source>%1 entries, the newest %2 shown: narrow the search</source>
        <translation>共 %1 条，仅显示最新 %2 条：请缩小查询范围</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../pages/common.py" line="126"/>
        <source>Hide technical details</source>
        <translation>收起技术详情</translation>
    </message>
    <message>
        <location filename="../pages/common.py" line="128"/>
        <source>Technical details (for a technician)</source>
        <translation>技术详情（供技术人员查看）</translation>
    </message>
</context>
<context>
    <name>Batch</name>
    <message>
        <location filename="../wording.py" line="150"/>
        <source>Issued</source>
        <translation>已制卡</translation>
    </message>
    <message>
        <location filename="../wording.py" line="151"/>
        <source>Issued before</source>
        <translation>此前已制卡</translation>
    </message>
    <message>
        <location filename="../wording.py" line="152"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>BatchPage</name>
    <message>
        <location filename="../pages/batch.py" line="96"/>
        <source>Residents (CSV)</source>
        <translation>居民名单 CSV</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="98"/>
        <source>Output folder</source>
        <translation>输出目录</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="99"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="103"/>
        <source>CSV columns: required %1; optional %2</source>
        <translation>CSV 列：必填 %1；可选 %2</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="107"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="108"/>
        <source>Start / continue</source>
        <translation>开始 / 继续</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="109"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="112"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="113"/>
        <source>Social security number</source>
        <translation>社会保障号码</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="114"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="115"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="116"/>
        <source>Card number / why</source>
        <translation>卡号 / 原因</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="122"/>
        <source>Choose the residents&apos; list</source>
        <translation>选择居民名单</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="131"/>
        <source>Choose a CSV file that exists.</source>
        <translation>请选择存在的 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="152"/>
        <source>Batch issuing in progress…</source>
        <translation>批量制卡进行中…</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="164"/>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="176"/>
        <source>stopped at: %1</source>
        <translation>停在：%1</translation>
    </message>
    <message>
        <location filename="../pages/batch.py" line="196"/>
        <source>%1 lines done, %2 failed. Results file: %3</source>
        <translation>完成 %1 行，失败 %2 行。结果文件：%3</translation>
    </message>
</context>
<context>
    <name>CardState</name>
    <message>
        <location filename="../wording.py" line="32"/>
        <source>Nothing was written to the card: simply try again.</source>
        <translation>卡片未写入任何数据，可直接重试。</translation>
    </message>
    <message>
        <location filename="../wording.py" line="35"/>
        <source>The card is partly written. Erase it first, then make it again with the same card number.</source>
        <translation>卡片已部分写入：请先擦除卡片，再用同一卡号重新制卡。</translation>
    </message>
    <message>
        <location filename="../wording.py" line="40"/>
        <source>The card is finished but not yet recorded as issued: press &quot;Finish recording&quot;.</source>
        <translation>卡片已制好，但尚未登记启用：请点击“完成登记”。</translation>
    </message>
    <message>
        <location filename="../wording.py" line="45"/>
        <source>The card is made and recorded.</source>
        <translation>卡片已制作并登记。</translation>
    </message>
</context>
<context>
    <name>CardStatePage</name>
    <message>
        <location filename="../pages/cardstate.py" line="119"/>
        <source>18-character social security number</source>
        <translation>18 位社会保障号码</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="120"/>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="123"/>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="124"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="125"/>
        <source>Issued on</source>
        <translation>发卡日期</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="126"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="129"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="131"/>
        <source>Why (required; recorded in the audit log)</source>
        <translation>办理原因（必填，记入审计日志）</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="133"/>
        <source>Card actions</source>
        <translation>卡片业务</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="135"/>
        <source>Lift the temporary loss</source>
        <translation>解除临时挂失</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="137"/>
        <source>Issue a replacement card</source>
        <translation>补换新卡</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="140"/>
        <source>Unlock the password (the holder inserts the card and shows their ID card)</source>
        <translation>密码解锁（请持卡人插卡并出示身份证）</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="144"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="146"/>
        <source>Unlock the password (reset to the initial password)</source>
        <translation>密码解锁（重置为初始密码）</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="148"/>
        <source>Irreversible: cannot be undone</source>
        <translation>不可撤销的操作</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="151"/>
        <source>These actions stop the card for good. You will be asked to confirm, with what happens to the card.</source>
        <translation>以下操作会让卡片永久停用。办理前会再次确认，并说明对卡片的影响。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="155"/>
        <source>Formal loss report…</source>
        <translation>正式挂失…</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="156"/>
        <source>Revoke the card…</source>
        <translation>注销卡片…</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="172"/>
        <source>No resident with this number was found.</source>
        <translation>未找到该参保人。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="181"/>
        <source>%1: %2 card(s)</source>
        <translation>%1：%2 张卡</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="213"/>
        <source>Choose a card and give the reason.</source>
        <translation>请选择卡片并填写原因。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="226"/>
        <source>Formal loss report</source>
        <translation>正式挂失</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="227"/>
        <source>Report card %1 as formally lost?</source>
        <translation>确定将卡 %1 正式挂失吗？</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="231"/>
        <source>The card stops working at once, at every kiosk and counter. A formal loss cannot be lifted: the resident needs a replacement card. (A temporary loss, which can be lifted, is reported at a kiosk.)</source>
        <translation>该卡将立即在所有自助终端和窗口停用。正式挂失不能解除：参保人需要补换新卡。（可以解除的临时挂失请在自助终端办理。）</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="236"/>
        <source>Report formally lost</source>
        <translation>确认正式挂失</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="237"/>
        <location filename="../pages/cardstate.py" line="250"/>
        <source>Keep the card as it is</source>
        <translation>不办理，保留卡片</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="241"/>
        <source>Revoke the card</source>
        <translation>注销卡片</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="242"/>
        <source>Revoke card %1 for good?</source>
        <translation>确定永久注销卡 %1 吗？</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="244"/>
        <source>The card can never be used again and cannot be brought back; the resident has no working card until a new one is made. Only for a card given up for good (for example, the holder has died or left the scheme).</source>
        <translation>注销后该卡永远不能再使用，也无法恢复；在制作新卡之前，参保人没有可用的卡。仅用于永久不再使用的卡（例如持卡人已身故或已退出参保）。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="249"/>
        <source>Revoke for good</source>
        <translation>确认永久注销</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="262"/>
        <source>Done for card %1.</source>
        <translation>卡 %1 已办理。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="274"/>
        <source>Choose a card reader first.</source>
        <translation>请先选择读卡器。</translation>
    </message>
    <message>
        <location filename="../pages/cardstate.py" line="287"/>
        <source>The password of card %1 is back to the initial password: the holder changes it at a kiosk.</source>
        <translation>卡 %1 的密码已重置为初始密码，请持卡人到自助终端修改密码。</translation>
    </message>
</context>
<context>
    <name>CardStatus</name>
    <message>
        <location filename="../wording.py" line="49"/>
        <source>In use</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../wording.py" line="50"/>
        <source>Temporarily reported lost</source>
        <translation>临时挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="51"/>
        <source>Formally reported lost</source>
        <translation>正式挂失</translation>
    </message>
    <message>
        <location filename="../wording.py" line="52"/>
        <source>Replaced</source>
        <translation>已补换</translation>
    </message>
    <message>
        <location filename="../wording.py" line="53"/>
        <source>Revoked</source>
        <translation>已注销</translation>
    </message>
    <message>
        <location filename="../wording.py" line="54"/>
        <source>Number given, not yet in use</source>
        <translation>已分配未启用</translation>
    </message>
</context>
<context>
    <name>Entity</name>
    <message>
        <location filename="../wording.py" line="99"/>
        <source>card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <location filename="../wording.py" line="100"/>
        <source>resident</source>
        <translation>参保人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="101"/>
        <source>request</source>
        <translation>业务</translation>
    </message>
    <message>
        <location filename="../wording.py" line="102"/>
        <source>staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../wording.py" line="103"/>
        <source>kiosk</source>
        <translation>自助终端</translation>
    </message>
</context>
<context>
    <name>Ethnic</name>
    <message>
        <location filename="../ethnic.py" line="15"/>
        <source>Han</source>
        <translation>汉族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="16"/>
        <source>Mongol</source>
        <translation>蒙古族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="17"/>
        <source>Hui</source>
        <translation>回族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="18"/>
        <source>Tibetan</source>
        <translation>藏族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="19"/>
        <source>Uyghur</source>
        <translation>维吾尔族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="20"/>
        <source>Miao</source>
        <translation>苗族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="21"/>
        <source>Yi</source>
        <translation>彝族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="22"/>
        <source>Zhuang</source>
        <translation>壮族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="23"/>
        <source>Bouyei</source>
        <translation>布依族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="24"/>
        <source>Korean</source>
        <translation>朝鲜族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="25"/>
        <source>Manchu</source>
        <translation>满族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="26"/>
        <source>Dong</source>
        <translation>侗族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="27"/>
        <source>Yao</source>
        <translation>瑶族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="28"/>
        <source>Bai</source>
        <translation>白族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="29"/>
        <source>Tujia</source>
        <translation>土家族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="30"/>
        <source>Hani</source>
        <translation>哈尼族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="31"/>
        <source>Kazakh</source>
        <translation>哈萨克族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="32"/>
        <source>Dai</source>
        <translation>傣族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="33"/>
        <source>Li</source>
        <translation>黎族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="34"/>
        <source>Lisu</source>
        <translation>傈僳族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="35"/>
        <source>Va</source>
        <translation>佤族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="36"/>
        <source>She</source>
        <translation>畲族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="37"/>
        <source>Gaoshan</source>
        <translation>高山族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="38"/>
        <source>Lahu</source>
        <translation>拉祜族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="39"/>
        <source>Shui</source>
        <translation>水族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="40"/>
        <source>Dongxiang</source>
        <translation>东乡族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="41"/>
        <source>Naxi</source>
        <translation>纳西族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="42"/>
        <source>Jingpo</source>
        <translation>景颇族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="43"/>
        <source>Kyrgyz</source>
        <translation>柯尔克孜族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="44"/>
        <source>Tu</source>
        <translation>土族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="45"/>
        <source>Daur</source>
        <translation>达斡尔族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="46"/>
        <source>Mulao</source>
        <translation>仫佬族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="47"/>
        <source>Qiang</source>
        <translation>羌族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="48"/>
        <source>Blang</source>
        <translation>布朗族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="49"/>
        <source>Salar</source>
        <translation>撒拉族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="50"/>
        <source>Maonan</source>
        <translation>毛南族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="51"/>
        <source>Gelao</source>
        <translation>仡佬族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="52"/>
        <source>Xibe</source>
        <translation>锡伯族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="53"/>
        <source>Achang</source>
        <translation>阿昌族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="54"/>
        <source>Pumi</source>
        <translation>普米族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="55"/>
        <source>Tajik</source>
        <translation>塔吉克族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="56"/>
        <source>Nu</source>
        <translation>怒族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="57"/>
        <source>Uzbek</source>
        <translation>乌孜别克族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="58"/>
        <source>Russian</source>
        <translation>俄罗斯族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="59"/>
        <source>Evenki</source>
        <translation>鄂温克族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="60"/>
        <source>De&apos;ang</source>
        <translation>德昂族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="61"/>
        <source>Bonan</source>
        <translation>保安族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="62"/>
        <source>Yugur</source>
        <translation>裕固族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="63"/>
        <source>Gin</source>
        <translation>京族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="64"/>
        <source>Tatar</source>
        <translation>塔塔尔族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="65"/>
        <source>Derung</source>
        <translation>独龙族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="66"/>
        <source>Oroqen</source>
        <translation>鄂伦春族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="67"/>
        <source>Hezhen</source>
        <translation>赫哲族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="68"/>
        <source>Monba</source>
        <translation>门巴族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="69"/>
        <source>Lhoba</source>
        <translation>珞巴族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="70"/>
        <source>Jino</source>
        <translation>基诺族</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="71"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../ethnic.py" line="72"/>
        <source>Chinese citizen of foreign origin</source>
        <translation>外国血统中国籍人士</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../messages.py" line="32"/>
        <source>social security number</source>
        <translation>社会保障号码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="33"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../messages.py" line="34"/>
        <source>gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../messages.py" line="35"/>
        <source>ethnic group</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../messages.py" line="36"/>
        <source>mobile number</source>
        <translation>手机号</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <location filename="../pages/issue.py" line="260"/>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="262"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="262"/>
        <source>Password tries allowed</source>
        <translation>密码重试次数</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="267"/>
        <source>%1 tries</source>
        <translation>%1 次</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="269"/>
        <source>Erase the partly written card</source>
        <translation>擦除半成品卡</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="270"/>
        <source>Print the collection slip (PDF)</source>
        <translation>打印领卡回执 (PDF)</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="271"/>
        <source>Next resident</source>
        <translation>下一位</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="296"/>
        <source>Not registered yet: fill in the details; the resident is registered when the card is made.</source>
        <translation>未登记的参保人：填写信息后，制卡时将自动登记。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="302"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="307"/>
        <source>Registered: %1. Cards: %2</source>
        <translation>已登记：%1。现有卡片：%2</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="309"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="313"/>
        <source>A card was started and not finished: number %1 (given, not yet in use). Making the card reuses this number; no new number is given.</source>
        <translation>有未完成的制卡：卡号 %1（已分配，尚未启用）。开始制卡时沿用此卡号，不再分配新卡号。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="327"/>
        <source>Choose a card reader first.</source>
        <translation>请先选择读卡器。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="334"/>
        <source>Making the card: do not take it out…</source>
        <translation>正在制卡，请勿拔出卡片…</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="360"/>
        <source>Card made: number %1.</source>
        <translation>制卡成功：卡号 %1。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="364"/>
        <source>The unfinished card number was reused.</source>
        <translation>沿用了未完成的卡号。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="368"/>
        <source>Print the collection slip and hand it to the resident.</source>
        <translation>请打印回执交给参保人。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="415"/>
        <source>The card is erased. Press &quot;%1&quot; to make it again with the same card number.</source>
        <translation>卡片已擦除，请点击“%1”用同一卡号重新制卡。</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="436"/>
        <source>Collection slip written: %1</source>
        <translation>回执已生成：%1</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="470"/>
        <source>Finish recording</source>
        <translation>完成登记</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="472"/>
        <source>Make it again with the same number</source>
        <translation>用同一卡号重新制卡</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="473"/>
        <source>Make the card</source>
        <translation>开始制卡</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../pages/login.py" line="68"/>
        <source>Social security card issuing station</source>
        <translation>社会保障卡发卡工作站</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="70"/>
        <source>Staff login · service %1</source>
        <translation>操作员登录 · 后台 %1</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="74"/>
        <location filename="../pages/login.py" line="76"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="75"/>
        <location filename="../pages/login.py" line="76"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="77"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="84"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../pages/login.py" line="87"/>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>ReaderPicker</name>
    <message>
        <location filename="../pages/common.py" line="158"/>
        <source>Refresh readers</source>
        <translation>刷新读卡器</translation>
    </message>
    <message>
        <location filename="../pages/common.py" line="161"/>
        <source>Take out</source>
        <translation>取出</translation>
    </message>
    <message>
        <location filename="../pages/common.py" line="164"/>
        <source>Take the virtual card out; an empty reader gets a blank card when a card is made</source>
        <translation>取出虚拟卡；制卡时空读卡器会自动放入空白卡</translation>
    </message>
    <message>
        <location filename="../pages/common.py" line="169"/>
        <source>Put back</source>
        <translation>重插</translation>
    </message>
    <message>
        <location filename="../pages/common.py" line="170"/>
        <source>Put a pulled virtual card back in</source>
        <translation>把拔出的虚拟卡重新插好</translation>
    </message>
</context>
<context>
    <name>Request</name>
    <message>
        <location filename="../wording.py" line="107"/>
        <source>Pension transfer</source>
        <translation>养老保险转移</translation>
    </message>
    <message>
        <location filename="../wording.py" line="108"/>
        <source>Medical insurance transfer</source>
        <translation>医疗保险转移</translation>
    </message>
    <message>
        <location filename="../wording.py" line="109"/>
        <source>Unemployment benefit claim</source>
        <translation>失业金申领</translation>
    </message>
    <message>
        <location filename="../wording.py" line="113"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../wording.py" line="114"/>
        <source>Under review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../wording.py" line="115"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../wording.py" line="116"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../wording.py" line="117"/>
        <source>Funds transferred</source>
        <translation>资金已划转</translation>
    </message>
    <message>
        <location filename="../wording.py" line="118"/>
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../wording.py" line="122"/>
        <source>Review and issue the letter of consent</source>
        <translation>审核并出具联系函</translation>
    </message>
    <message>
        <location filename="../wording.py" line="125"/>
        <source>Transfer the funds</source>
        <translation>划转基金</translation>
    </message>
    <message>
        <location filename="../wording.py" line="126"/>
        <source>Complete and notify</source>
        <translation>办结并通知</translation>
    </message>
    <message>
        <location filename="../wording.py" line="127"/>
        <source>Transfer out</source>
        <translation>转出</translation>
    </message>
    <message>
        <location filename="../wording.py" line="128"/>
        <source>Transfer in</source>
        <translation>转入</translation>
    </message>
    <message>
        <location filename="../wording.py" line="129"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../wording.py" line="130"/>
        <source>Set up the payments</source>
        <translation>核定发放</translation>
    </message>
    <message>
        <location filename="../wording.py" line="134"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../wording.py" line="135"/>
        <source>in progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../wording.py" line="136"/>
        <source>to do</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../wording.py" line="140"/>
        <source>Organisational transfer: the applicant says an organisation or personnel department approved the move; not checked yet</source>
        <translation>组织调动：申请人声明经组织人事部门批准调动，待核对确认</translation>
    </message>
    <message>
        <location filename="../wording.py" line="145"/>
        <source>Organisational transfer: confirmed</source>
        <translation>组织调动：经组织人事部门批准调动，已确认</translation>
    </message>
    <message>
        <location filename="../wording.py" line="146"/>
        <source>Organisational transfer: not confirmed</source>
        <translation>组织调动：经组织人事部门批准调动，不予确认</translation>
    </message>
</context>
<context>
    <name>ResidentForm</name>
    <message>
        <location filename="../pages/issue.py" line="164"/>
        <source>Resident</source>
        <translation>参保人</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="165"/>
        <source>18-character social security number</source>
        <translation>18 位社会保障号码</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="166"/>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="167"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="168"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="173"/>
        <source>Default: the first 6 digits of the number</source>
        <translation>默认取号码前 6 位</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="176"/>
        <source>Social security number</source>
        <translation>社会保障号码</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="177"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="178"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="179"/>
        <source>Ethnic group</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="180"/>
        <source>Hukou region code</source>
        <translation>户籍地区划</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="181"/>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
</context>
<context>
    <name>ReviewsPage</name>
    <message>
        <location filename="../pages/reviews.py" line="65"/>
        <source>%1 (organisational transfer to check)</source>
        <translation>%1（组织调动待确认）</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="95"/>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="101"/>
        <source>Applicant: %1</source>
        <translation>申请人：%1</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="108"/>
        <source>Amount transferred</source>
        <translation>转移总额</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="110"/>
        <source>Monthly payment</source>
        <translation>月发放额</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="114"/>
        <source>Months payable at most</source>
        <translation>最长领取月数</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="117"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="118"/>
        <source>Due by</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="122"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="127"/>
        <source>History:</source>
        <translation>办理记录：</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="134"/>
        <source>Steps and deadlines:</source>
        <translation>步骤与时限：</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="139"/>
        <source>due %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="144"/>
        <source>Reading the history…</source>
        <translation>正在读取办理记录…</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="161"/>
        <source>Before approving, check the transfer approval (by a Party organisation or human-resources and social-security department at county level or above) and the employment with the new employer, then confirm or do not confirm.</source>
        <translation>批准前请核对调动批准文件（县级以上党委组织部门或人力资源社会保障部门批准）及与新用人单位的劳动关系，再确认或不予确认。</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="233"/>
        <source>Waiting for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="236"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="239"/>
        <source>Reference</source>
        <translation>业务编号</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="240"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="241"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="242"/>
        <source>Submitted (%1)</source>
        <translation>提交时间（%1）</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="243"/>
        <source>From → to</source>
        <translation>转出 → 转入</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="247"/>
        <source>Review remarks (required; recorded in the audit log)</source>
        <translation>审核意见（必填，记入审计日志）</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="249"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="250"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="251"/>
        <source>Move to the next step</source>
        <translation>推进到下一步</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="252"/>
        <source>Confirm organisational transfer</source>
        <translation>确认组织调动</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="255"/>
        <source>The approval was checked: the age rule no longer applies, the pension relationship and its funds move to the new region</source>
        <translation>已核对调动批准文件：不再适用年龄规定，养老保险关系和资金转入新参保地</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="260"/>
        <source>Do not confirm organisational transfer</source>
        <translation>组织调动不予确认</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="263"/>
        <source>The transfer is handled as if nothing had been claimed</source>
        <translation>按未声明组织调动办理转移</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="326"/>
        <source>Choose a request and give review remarks.</source>
        <translation>请选择一项申请并填写审核意见。</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="348"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="348"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="358"/>
        <source>organisational transfer confirmed</source>
        <translation>组织调动已确认</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="360"/>
        <source>organisational transfer not confirmed</source>
        <translation>组织调动不予确认</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="367"/>
        <source>moved to the next step</source>
        <translation>已推进到下一步</translation>
    </message>
    <message>
        <location filename="../pages/reviews.py" line="372"/>
        <source>%1: %2.</source>
        <translation>%1 %2。</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../wording.py" line="58"/>
        <source>card issuer</source>
        <translation>发卡员</translation>
    </message>
    <message>
        <location filename="../wording.py" line="59"/>
        <source>reviewer</source>
        <translation>审核员</translation>
    </message>
    <message>
        <location filename="../wording.py" line="60"/>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>StaffMessage</name>
    <message>
        <location filename="../messages.py" line="69"/>
        <source>This card is already finished and cannot be erased. Press &quot;Finish recording&quot; to record it as issued.</source>
        <translation>该卡已制好，不能擦除：请点击“完成登记”登记启用。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="92"/>
        <source>Please check the %1.</source>
        <translation>请检查%1。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="89"/>
        <source>This cannot be done.</source>
        <translation>无法办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="39"/>
        <source>The list is neither UTF-8 nor GBK text.</source>
        <translation>名单文件既不是 UTF-8 也不是 GBK 编码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="42"/>
        <source>The list does not have the required columns.</source>
        <translation>名单缺少必需的列。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="45"/>
        <source>The same social security number is in the list twice.</source>
        <translation>名单中同一社会保障号码出现了两次。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="83"/>
        <source>The output folder holds the journal of another list, or a damaged one: choose another output folder.</source>
        <translation>输出目录中的制卡记录属于另一份名单或已损坏：请选择其他输出目录。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="97"/>
        <source>Line %1 of the list: </source>
        <translation>名单第 %1 行：</translation>
    </message>
    <message>
        <location filename="../messages.py" line="105"/>
        <source>Making the card stopped at &quot;%1&quot;: %2</source>
        <translation>制卡在“%1”这一步停止：%2</translation>
    </message>
    <message>
        <location filename="../messages.py" line="139"/>
        <source>Too many failed logins: try again later.</source>
        <translation>登录失败次数过多，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="142"/>
        <source>Too many failed logins: try again in %1 seconds.</source>
        <translation>登录失败次数过多，请在 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="149"/>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权办理此项业务。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="153"/>
        <source>Wrong user name or password, or the login has expired: please log in again.</source>
        <translation>用户名或密码错误，或登录已过期，请重新登录。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="161"/>
        <source>No such resident, card or request was found.</source>
        <translation>未找到对应的参保人、卡片或申请。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="167"/>
        <source>This blank is in no card batch imported yet: ask the operators to import the card maker&apos;s batch file (ss-backend import-batch). Nothing was written to the card and no issuer try was spent.</source>
        <translation>这张空白卡不在任何已导入的制卡批次中：请运维人员先导入制卡厂的批次文件（ss-backend import-batch）。卡片未写入，未消耗发卡方认证次数。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="174"/>
        <source>This blank was already made into another social-security card and cannot be made again.</source>
        <translation>这张卡已被制作为另一张社保卡，不能再次制卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="180"/>
        <source>Check the transfer approval first: confirm the applicant&apos;s organisational transfer, or do not confirm it, then approve.</source>
        <translation>请先核对调动批准文件，确认或不予确认申请人的组织调动，再批准。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="185"/>
        <source>This cannot be done in the card&apos;s or request&apos;s current state.</source>
        <translation>卡片或申请的当前状态不允许此操作。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="190"/>
        <source>The service cannot be reached. Check the network, then try again.</source>
        <translation>无法连接后台服务，请检查网络后重试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="194"/>
        <source>The service refused the request.</source>
        <translation>后台拒绝了此请求。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="201"/>
        <source>The card did not accept this office&apos;s key: it was made for another card issuer, or the blank does not match the card number.</source>
        <translation>卡片不接受本机构的发卡密钥：该卡属于其他发卡机构，或空白卡与卡号不符。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="207"/>
        <source>The card is locked.</source>
        <translation>卡片已被锁定。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="209"/>
        <source>The card was taken out of the reader.</source>
        <translation>操作过程中卡片被拔出。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="213"/>
        <source>There is no card in the reader.</source>
        <translation>读卡器中没有卡片。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="217"/>
        <source>The chosen card reader cannot be found.</source>
        <translation>找不到所选读卡器。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="221"/>
        <source>The card reader is not working.</source>
        <translation>读卡器故障。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="225"/>
        <source>The card does not allow this now (it may already be in use).</source>
        <translation>卡片当前状态不允许此操作（可能已经启用）。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="230"/>
        <source>The card answered with an error.</source>
        <translation>卡片返回错误。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="234"/>
        <source>Something unexpected went wrong.</source>
        <translation>发生意外错误。</translation>
    </message>
</context>
<context>
    <name>StaffWindow</name>
    <message>
        <location filename="../window.py" line="114"/>
        <source>Social security card issuing station</source>
        <translation>社会保障卡发卡工作站</translation>
    </message>
    <message>
        <location filename="../window.py" line="121"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../window.py" line="125"/>
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <location filename="../window.py" line="141"/>
        <source>Issue a card</source>
        <translation>单张制卡</translation>
    </message>
    <message>
        <location filename="../window.py" line="142"/>
        <source>Batch issuing</source>
        <translation>批量制卡</translation>
    </message>
    <message>
        <location filename="../window.py" line="143"/>
        <source>Card management</source>
        <translation>卡片管理</translation>
    </message>
    <message>
        <location filename="../window.py" line="144"/>
        <source>Request review</source>
        <translation>业务审核</translation>
    </message>
    <message>
        <location filename="../window.py" line="145"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>Step</name>
    <message>
        <location filename="../wording.py" line="16"/>
        <source>Find or register the resident</source>
        <translation>查找或登记参保人</translation>
    </message>
    <message>
        <location filename="../wording.py" line="17"/>
        <source>Give the card a number</source>
        <translation>分配卡号</translation>
    </message>
    <message>
        <location filename="../wording.py" line="18"/>
        <source>Reach the blank card in the reader</source>
        <translation>连接读卡器中的空白卡</translation>
    </message>
    <message>
        <location filename="../wording.py" line="19"/>
        <source>Unlock the card for writing</source>
        <translation>开启卡片写入权限</translation>
    </message>
    <message>
        <location filename="../wording.py" line="20"/>
        <source>Write the card and holder details</source>
        <translation>写入卡片与持卡人信息</translation>
    </message>
    <message>
        <location filename="../wording.py" line="21"/>
        <source>Create the card&apos;s security keys</source>
        <translation>在卡内生成安全密钥</translation>
    </message>
    <message>
        <location filename="../wording.py" line="22"/>
        <source>Get the card&apos;s certificates</source>
        <translation>向后台申请卡片证书</translation>
    </message>
    <message>
        <location filename="../wording.py" line="23"/>
        <source>Store the certificates on the card</source>
        <translation>把证书写入卡片</translation>
    </message>
    <message>
        <location filename="../wording.py" line="26"/>
        <source>Set the initial password</source>
        <translation>设置初始密码</translation>
    </message>
    <message>
        <location filename="../wording.py" line="27"/>
        <source>Switch the card on</source>
        <translation>启用卡片</translation>
    </message>
    <message>
        <location filename="../wording.py" line="28"/>
        <source>Record the new card as issued</source>
        <translation>在后台登记启用新卡</translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <location filename="../pages/issue.py" line="113"/>
        <source>card number %1 of the earlier attempt</source>
        <translation>沿用上次的卡号 %1</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="115"/>
        <source>unfinished card number %1 reused, no new number given</source>
        <translation>沿用未完成的卡号 %1，未重新分配</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="117"/>
        <source>the card is already finished</source>
        <translation>卡片已制好</translation>
    </message>
    <message>
        <location filename="../pages/issue.py" line="122"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>Work</name>
    <message>
        <location filename="../window.py" line="66"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
</context>
</TS>

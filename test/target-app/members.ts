import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { TokenIssuer } from './tokens';
import { schemas, validateRequest } from './validate';

/**
 * The member and account routes the suite calls, answering as credex-core's controllers do at 9028233:
 * POST /v1/login (src/api/Member/controllers/loginMember.ts: phone only, the token in the JSON body),
 * POST /v1/onboardMember (controllers/onboardMember.ts: 201, token in the body, 409 for a phone in use),
 * POST /v1/getMemberDashboardByPhone (controllers/getMemberDashboardByPhone.ts) and POST /v1/getBalances
 * (src/api/Account/controllers/getBalances.ts). Members live in memory, keyed by the sanitized phone (digits only,
 * as credex-core's sanitizePhone stores and looks them up).
 */

export interface Member {
  memberID: string;
  phone: string;
  firstname: string;
  lastname: string;
  memberHandle: string;
  defaultDenom: string;
  memberTier: number;
  accountID: string;
}

export class MemberStore {
  private readonly byPhone = new Map<string, Member>();

  add(phone: string, details: Partial<Omit<Member, 'memberID' | 'phone' | 'accountID'>> = {}): Member {
    const digits = phone.replace(/\D/g, '');
    const member: Member = {
      memberID: randomUUID(),
      phone: digits,
      firstname: details.firstname ?? 'Test',
      lastname: details.lastname ?? 'Member',
      memberHandle: details.memberHandle ?? `member_${digits.slice(-6)}`,
      defaultDenom: details.defaultDenom ?? 'USD',
      memberTier: details.memberTier ?? 1,
      accountID: randomUUID(),
    };
    this.byPhone.set(digits, member);
    return member;
  }

  byPhoneDigits(phone: string): Member | undefined {
    return this.byPhone.get(phone);
  }

  byId(memberID: string): Member | undefined {
    return [...this.byPhone.values()].find((m) => m.memberID === memberID);
  }

  byAccount(accountID: string): Member | undefined {
    return [...this.byPhone.values()].find((m) => m.accountID === accountID);
  }

  clear(): void {
    this.byPhone.clear();
  }
}

function dashboard(member: Member) {
  return {
    memberID: member.memberID,
    firstname: member.firstname,
    lastname: member.lastname,
    memberHandle: member.memberHandle,
    defaultDenom: member.defaultDenom,
    memberTier: member.memberTier,
    remainingAvailableUSD: member.memberTier === 1 ? 10 : member.memberTier === 2 ? 100 : null,
    accountIDS: [member.accountID],
  };
}

function accountDashboard(member: Member) {
  return {
    accountID: member.accountID,
    accountName: `${member.firstname} ${member.lastname} Personal`,
    accountHandle: member.memberHandle,
    defaultDenom: member.defaultDenom,
    balanceData: { securedNetBalancesByDenom: [`0.00 ${member.defaultDenom}`], netCredexAssetsInDefaultDenom: '0.00' },
  };
}

export function memberRoutes(members: MemberStore, tokens: TokenIssuer): Router {
  const router = Router();

  router.post('/login', validateRequest(schemas.login), (req, res) => {
    const member = members.byPhoneDigits((req.body as { phone: string }).phone);
    if (!member) {
      res.status(404).json({ success: false, message: 'Member not found' });
      return;
    }
    const token = tokens.issue(member.memberID);
    res.status(200).json({ success: true, data: { token, memberID: member.memberID }, message: 'Login successful' });
  });

  router.post('/onboardMember', validateRequest(schemas.onboard), (req, res) => {
    const body = req.body as { firstname: string; lastname: string; phone: string; defaultDenom: string };
    if (members.byPhoneDigits(body.phone)) {
      res.status(409).json({ success: false, message: 'Phone number already in use' });
      return;
    }
    const member = members.add(body.phone, body);
    res.status(201).json({
      success: true,
      data: {
        memberDashboard: dashboard(member),
        token: tokens.issue(member.memberID),
        defaultAccountID: member.accountID,
      },
      message: 'Member onboarded successfully',
    });
  });

  router.post('/getMemberDashboardByPhone', validateRequest(schemas.dashboard), (req, res) => {
    const member = members.byPhoneDigits((req.body as { phone: string }).phone);
    if (!member) {
      res.status(404).json({ success: false, message: 'Member not found' });
      return;
    }
    res.status(200).json({
      success: true,
      data: { memberDashboard: dashboard(member), accountDashboards: [accountDashboard(member)] },
      message: 'Dashboard retrieved successfully',
    });
  });

  router.post('/getBalances', validateRequest(schemas.balances), (req, res) => {
    const member = members.byAccount((req.body as { accountID: string }).accountID);
    if (!member) {
      res.status(404).json({ success: false, message: 'Account not found' });
      return;
    }
    res.status(200).json({
      success: true,
      data: accountDashboard(member).balanceData,
      message: 'Account balances retrieved successfully',
    });
  });

  return router;
}

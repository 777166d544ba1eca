-- CreateTable
CREATE TABLE "Drill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scheduleLabel" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "lessonIds" TEXT,
    "questions" INTEGER NOT NULL,
    "windowMinutes" INTEGER NOT NULL,
    "graceMinutes" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "nextDueAt" DATETIME,
    "nextSlot" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DrillRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "drillId" INTEGER NOT NULL,
    "slot" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "thread" TEXT,
    "postedAt" DATETIME,
    "deadlineAt" DATETIME,
    "revealedAt" DATETIME,
    "missedReported" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DrillRun_drillId_fkey" FOREIGN KEY ("drillId") REFERENCES "Drill" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DrillRunQuestion" (
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "messageId" TEXT,

    PRIMARY KEY ("runId", "position"),
    CONSTRAINT "DrillRunQuestion_runId_fkey" FOREIGN KEY ("runId") REFERENCES "DrillRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DrillAnswer" (
    "runId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "learnerId" TEXT NOT NULL,
    "optionId" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "points" INTEGER NOT NULL,
    "elapsedMs" INTEGER NOT NULL,
    "answeredAt" DATETIME NOT NULL,

    PRIMARY KEY ("runId", "questionId", "learnerId"),
    CONSTRAINT "DrillAnswer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "DrillRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DrillAnswer_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LeaderboardPrivacy" (
    "learnerId" TEXT NOT NULL PRIMARY KEY,
    "hidden" BOOLEAN NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LeaderboardPrivacy_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "Learner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchedulerLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Drill_status_nextDueAt_idx" ON "Drill"("status", "nextDueAt");

-- CreateIndex
CREATE INDEX "Drill_platform_workspaceId_channelId_idx" ON "Drill"("platform", "workspaceId", "channelId");

-- CreateIndex
CREATE INDEX "DrillRun_status_deadlineAt_idx" ON "DrillRun"("status", "deadlineAt");

-- CreateIndex
CREATE UNIQUE INDEX "DrillRun_drillId_slot_key" ON "DrillRun"("drillId", "slot");

-- CreateIndex
CREATE INDEX "DrillRunQuestion_questionId_idx" ON "DrillRunQuestion"("questionId");

-- CreateIndex
CREATE INDEX "DrillAnswer_learnerId_idx" ON "DrillAnswer"("learnerId");


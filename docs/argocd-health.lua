-- Argo CD custom health check for fovea.dev/ImageClassificationJob.
-- Maps status.phase (written by the Fovea operator) to an Argo CD health status; the message is the one of the
-- condition that stands for the phase, so the Argo CD UI says why a job failed or is restarting.
local hs = {}

local function conditionMessage(phase)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == phase and condition.status == "True" then
      if condition.reason ~= nil and condition.message ~= nil then
        return condition.reason .. ": " .. condition.message
      end
      return condition.message or condition.reason
    end
  end
  return nil
end

local function progressMessage()
  local status = obj.status
  if status.epoch ~= nil and status.totalEpochs ~= nil then
    return "epoch " .. status.epoch .. "/" .. status.totalEpochs
  end
  return nil
end

if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Fovea operator to accept the job"
  return hs
end

-- A status written for an older spec says nothing yet about the current one.
if obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Fovea operator to observe generation " .. obj.metadata.generation
  return hs
end

local phase = obj.status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
elseif phase == "Failed" then
  hs.status = "Degraded"
elseif phase == "Suspended" then
  hs.status = "Suspended"
elseif phase == "Created" or phase == "Running" or phase == "Restarting" then
  hs.status = "Progressing"
else
  hs.status = "Unknown"
end
hs.message = conditionMessage(phase) or progressMessage() or phase
return hs
